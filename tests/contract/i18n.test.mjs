// The web client's catalogues: English and Spanish have the same keys, the same
// placeholders and the same plural shape; every key the client uses exists; no message
// is empty; and no visible string in the client bypasses the catalogue (a JSX text node
// or a string attribute made of words).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('../..', import.meta.url).pathname;
const ts = createRequire(join(root, 'web/package.json'))('typescript');
const dir = join(root, 'web/src/i18n');
const catalogues = Object.fromEntries(
  readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f.replace('.json', ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
);
const placeholders = (m) => [...new Set((typeof m === 'string' ? [m] : Object.values(m)).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();

function sources(d = join(root, 'web/src')) {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.gen.ts') ? [p] : [];
  });
}

test('both languages are there', () => {
  assert.deepEqual(Object.keys(catalogues).sort(), ['en', 'es']);
});

for (const [lang, cat] of Object.entries(catalogues)) {
  if (lang === 'en') continue;
  test(`${lang} has exactly the keys of en`, () => {
    const missing = Object.keys(catalogues.en).filter((k) => !(k in cat));
    const extra = Object.keys(cat).filter((k) => !(k in catalogues.en));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
  });
  test(`${lang} uses the same placeholders and plural shape as en`, () => {
    for (const [key, m] of Object.entries(catalogues.en)) {
      if (!(key in cat)) continue;
      assert.equal(typeof cat[key], typeof m, `${key}: plural forms in one language only`);
      assert.deepEqual(placeholders(cat[key]), placeholders(m), `${key}: placeholders differ`);
    }
  });
}

test('no message is empty and every plural has "other"', () => {
  for (const [lang, cat] of Object.entries(catalogues))
    for (const [key, m] of Object.entries(cat)) {
      if (typeof m === 'string') assert.ok(m.trim(), `${lang} ${key} is empty`);
      else assert.ok(m.other?.trim(), `${lang} ${key} has no "other" form`);
    }
});

test('every key the client uses is in the catalogue', () => {
  const used = new Set();
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1]);
    for (const m of text.matchAll(/\blabel: '([a-zA-Z]+\.[a-zA-Z0-9.]+)'/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !(k in catalogues.en));
  assert.deepEqual(missing, []);
});

// Words in a JSX text node or a visible attribute's string literal are a string that
// skipped the catalogue (found with the TypeScript parser). Brand names and punctuation
// are fine.
const notYetConverted = [];
test('no visible text is written into the components', () => {
  const allowed = new Set(['rekindle']);
  const visible = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label']);
  const offenders = [];
  for (const file of sources()) {
    if (!file.endsWith('.tsx') || notYetConverted.some((d) => file.includes(d))) continue;
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const where = (node) => `${file.slice(root.length)}:${src.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node) => {
      if (ts.isJsxText(node)) {
        const s = node.getText().trim();
        if (/[A-Za-zÀ-ÿ]{2,}/.test(s) && !allowed.has(s)) offenders.push(`${where(node)}: ${s}`);
      } else if (ts.isJsxAttribute(node) && visible.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) {
        if (/[A-Za-z]{2,}/.test(node.initializer.text)) offenders.push(`${where(node)}: ${node.name.getText()}="${node.initializer.text}"`);
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  assert.deepEqual(offenders, []);
});
