// The server's messages to people: every English message written in the code (problem
// details, field messages, problem titles) has a translation in every catalogue under
// content/messages/, with the same {values}. Messages put together from pieces at run time are templates in the
// catalogue ("This must be at most {max} characters."); src/platform/http/messages_test
// checks those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const dir = join(root, 'content/messages');

// Code whose messages reach operators (start-up, configuration, keys, internals), not
// the people using rekindle: those stay English.
const OPERATOR_ONLY = ['platform/config/', 'platform/bus/', 'platform/base/timezone', 'platform/live/protocol',
  'platform/crypto/sealer', 'platform/db/sqlite', 'app/test_', 'app/app.cpp', 'platform/http/messages.cpp', 'platform/jobs/',
  'platform/mail/'];

function sources(d = join(root, 'src')) {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    if (statSync(p).isDirectory()) return f === 'fuzz' ? [] : sources(p);
    if (OPERATOR_ONLY.some((o) => p.includes(`/src/${o}`))) return [];
    return f.endsWith('.cpp') && !f.endsWith('_test.cpp') ? [p] : [];
  });
}

// A C++ string literal, with adjacent literals joined ("a" "b" is "ab").
const LIT = String.raw`"(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*`;
const unquote = (s) => JSON.parse(`[${s.replace(/"\s+"/g, '", "')}]`).join('');
const PATTERNS = [
  new RegExp(String.raw`Error::\w+\(\s*(${LIT})\s*[,)]`, 'g'),             // Error::Invalid("…")
  new RegExp(String.raw`Error\{\s*ErrorCode::\w+,\s*(${LIT})\s*,`, 'g'),    // Error{ErrorCode::k…, "…", …}
  new RegExp(String.raw`\bAdd\([^;]*?,\s*"[a-z_]+",\s*(${LIT})\s*\)`, 'g'),  // f.Add(name, "code", "…")
  new RegExp(String.raw`\{\s*"[a-z_.]+",\s*"[a-z_]+",\s*(${LIT})\s*\}`, 'g'), // {"field", "code", "…"}
  new RegExp(String.raw`return \{"[a-z-]+",\s*(${LIT})\}`, 'g'),             // problem titles
];

export function messagesInCode() {
  const found = new Map();
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    for (const re of PATTERNS)
      for (const m of text.matchAll(re)) {
        const s = unquote(m[1]);
        // Sentences only: identifiers ("guides", "origin") and internal notes start lower-case.
        if (/^[A-Z]/.test(s)) found.set(s, file.slice(root.length));
      }
  }
  return found;
}

const catalogues = Object.fromEntries(
  readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f.replace('.json', ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
);
const values = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('there is a Spanish catalogue', () => assert.ok(catalogues.es));

for (const [lang, cat] of Object.entries(catalogues)) {
  test(`${lang}: every message in the code has a translation`, () => {
    const missing = [...messagesInCode()].filter(([m]) => !(m in cat)).map(([m, file]) => `${file}: ${m}`);
    assert.deepEqual(missing, []);
  });
  test(`${lang}: translations are not empty and keep their {values}`, () => {
    for (const [english, translation] of Object.entries(cat)) {
      if (english.startsWith('//')) continue;
      assert.ok(translation.trim(), `empty: ${english}`);
      assert.deepEqual(values(translation), values(english), `values differ: ${english}`);
    }
  });
}
