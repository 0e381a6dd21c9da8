// TOTP codes as an authenticator app makes them (RFC 6238: HMAC-SHA-1, 6 digits, 30 s),
// and setting up a person's second factor the way the web client does.
import { createHmac } from 'node:crypto';
import { cli } from './server.mjs';

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// The code of `secret` (base32) at `atMs` (epoch milliseconds).
export function totpCode(secret, atMs = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30000)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
}

// The next code of `secret` that the server has not seen (`used`: the codes given out so
// far): each code works once, so a second one within the same 30 seconds waits for the
// next step.
export async function freshCode(secret, used) {
  for (;;) {
    const code = totpCode(secret);
    if (!used.has(code)) { used.add(code); return code; }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// Sets up `client`'s second factor with a code made at `atMs` (the server's clock);
// returns { secret, recoveryCodes }. `client` keeps its session.
export async function enrolSecondFactor(client, atMs = Date.now()) {
  const start = await client.post('/api/v1/me/second-factor', { password: client.password });
  if (start.status !== 201) throw new Error(`second factor: ${start.status} ${start.text}`);
  const confirm = await client.post('/api/v1/me/second-factor/confirm', { code: totpCode(start.body.secret, atMs) });
  if (confirm.status !== 200) throw new Error(`second factor confirm: ${confirm.status} ${confirm.text}`);
  client.totpSecret = start.body.secret;
  return { secret: start.body.secret, recoveryCodes: confirm.body.recovery_codes };
}

// Makes `client` (a signed-up person) an operator with a second factor.
export async function makeOperator(server, client, atMs = Date.now()) {
  const r = cli(server.database, ['admin', 'grant-operator', client.email]);
  if (r.status !== 0) throw new Error(`grant-operator: ${r.output}`);
  await enrolSecondFactor(client, atMs);
  return client;
}
