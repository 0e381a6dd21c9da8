// E-mail in tests. Test servers write every message to a folder of their own (no
// smtp.host: the file transport, mail.dir), and these helpers read it like a mail
// client would; tests of SMTP itself start a real SMTP server (aiosmtpd, Debian's
// python3-aiosmtpd) with startSmtpSink.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const here = resolve(new URL('.', import.meta.url).pathname);

// Decodes quoted-printable (RFC 2045) into UTF-8 text.
export function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// Decodes RFC 2047 encoded words (=?UTF-8?B?...?=) in a header value.
export function decodeHeader(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));
}

// A raw message (CRLF lines) as { headers (lowercase names), to, subject, messageId,
// text, html (both with \n line ends), raw }. Only what our server writes: multipart/alternative, quoted-printable.
export function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const headerText = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const headers = {};
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
  const parts = {};
  if (boundary) {
    for (const chunk of raw.slice(split + 4).split(`--${boundary}`)) {
      const at = chunk.indexOf('\r\n\r\n');
      if (at < 0) continue;
      const type = /content-type:\s*([^;\r\n]+)/i.exec(chunk.slice(0, at))?.[1];
      if (type) parts[type.trim()] = decodeQuotedPrintable(chunk.slice(at + 4).replace(/\r\n$/, '')).replace(/\r\n/g, '\n');
    }
  }
  return {
    headers,
    to: headers.to,
    subject: decodeHeader(headers.subject ?? ''),
    messageId: headers['message-id'],
    text: parts['text/plain'] ?? '',
    html: parts['text/html'] ?? '',
    raw,
  };
}

// The token of the first link with one (".../verify#token=..." or ".../reset-password#token=...").
export function linkToken(message) {
  const m = /#token=([A-Za-z0-9_-]+)/.exec(message.text);
  if (!m) throw new Error(`no link with a token in: ${message.subject}`);
  return m[1];
}

// The messages a test server wrote to `dir`, oldest first. Parsed files are remembered.
const parsedFiles = new Map();
export function mailIn(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => {
    const path = join(dir, f);
    if (!parsedFiles.has(path)) parsedFiles.set(path, { file: f, ...parseMessage(readFileSync(path, 'utf8')) });
    return parsedFiles.get(path);
  });
}

// Waits until a message to `to` in `dir` matches `match` (a RegExp tested against the
// text, or a predicate), and returns it. `after`: ignore the first `after` messages to
// that address (to wait for a newer one).
export async function waitForMail(dir, to, { match = () => true, after = 0, timeout = 10000 } = {}) {
  const test = match instanceof RegExp ? (m) => match.test(m.text) : match;
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = mailIn(dir).filter((m) => m.to === to).slice(after).find(test);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching mail to ${to} in ${dir} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

// Starts a real SMTP server on 127.0.0.1:`port` (0: any free port) that records every
// message it accepts. Options: tls ({ cert, key } files: STARTTLS offered and required),
// auth ({ user, password }: AUTH required, over TLS). Resolves to { port, messages(),
// waitFor(to, match), stop() }; messages are parsed like parseMessage's, with `from`
// and `rcpt` (the SMTP envelope) and `tls` (whether the session used STARTTLS).
export async function startSmtpSink({ port = 0, tls, auth } = {}) {
  const args = [join(here, 'smtp-sink.py'), '--port', String(port)];
  if (tls) args.push('--tlscert', tls.cert, '--tlskey', tls.key);
  if (auth) args.push('--user', auth.user, '--password', auth.password);
  const child = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const messages = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`smtp sink did not start: ${stderr}`)), 10000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp sink exited with ${code}: ${stderr}`)); });
    lines.on('line', (line) => {
      const event = JSON.parse(line);
      if (event.ready) { clearTimeout(timer); resolveReady(event.port); return; }
      const raw = Buffer.from(event.data, 'base64').toString('utf8');
      messages.push({ ...parseMessage(raw), from: event.mail_from, rcpt: event.rcpt_tos, tls: event.tls });
    });
  });
  const boundPort = await ready;
  const exited = new Promise((r) => child.on('exit', r));
  return {
    port: boundPort,
    messages: () => messages.slice(),
    async waitFor(to, { match = () => true, timeout = 15000 } = {}) {
      const test = match instanceof RegExp ? (m) => match.test(m.text) : match;
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = messages.find((m) => m.to === to && test(m));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching mail to ${to} at the SMTP sink within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
