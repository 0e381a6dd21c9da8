// The live protocol's contract, from the client's side: the generated TypeScript is what
// the schema gives, and the golden frames in tests/contract/live/ (which the C++ unit
// tests round-trip through the server's types) conform to the schema and type-check
// against the client's types; the invalid ones are refused by both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFrame, generate, generatedPath, loadSchema, markdownTables } from '../../web/scripts/live-protocol.mjs';

const root = new URL('../..', import.meta.url).pathname;
const goldens = join(root, 'tests/contract/live');
const schema = loadSchema();
const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
const goldenFiles = (dir) => readdirSync(join(goldens, dir)).filter((f) => f.endsWith('.json')).sort();
const { cases } = read(join(goldens, 'invalid.json'));

test('the committed protocol.gen.ts is what the schema generates', () => {
  assert.equal(readFileSync(generatedPath, 'utf8'), generate(schema),
    'web/src/realtime/protocol.gen.ts is stale: run node web/scripts/live-protocol.mjs (the web build does)');
});

for (const [dir, frames] of [['server', schema.server_frames], ['client', schema.client_frames]]) {
  test(`every ${dir} frame type has one golden, and every golden conforms`, () => {
    assert.deepEqual(goldenFiles(dir).map((f) => f.slice(0, -5)), Object.keys(frames).sort());
    for (const f of goldenFiles(dir)) {
      const frame = read(join(goldens, dir, f));
      assert.equal(frame.type, f.slice(0, -5));
      assert.equal(checkFrame(schema, dir, frame), null, f);
    }
  });
}

test('invalid frames are refused with the code the server answers', () => {
  for (const c of cases) assert.equal(checkFrame(schema, c.dir, c.frame)?.code, c.code, c.why);
});

test('goldens type-check against the client types; typed invalid frames do not', () => {
  const lines = [`import type { ClientFrame, ServerFrame } from ${JSON.stringify(generatedPath.replace(/\.ts$/, ''))};`];
  const typeOf = (dir) => (dir === 'server' ? 'ServerFrame' : 'ClientFrame');
  let n = 0;
  for (const dir of ['server', 'client'])
    for (const f of goldenFiles(dir)) lines.push(`export const g${n++}: ${typeOf(dir)} = ${readFileSync(join(goldens, dir, f), 'utf8').trim()};`);
  for (const c of cases.filter((c) => c.typed)) {
    lines.push(`// @ts-expect-error ${c.why}`);
    lines.push(`export const g${n++}: ${typeOf(c.dir)} = ${JSON.stringify(c.frame)};`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'rekindle-contract-'));
  try {
    writeFileSync(join(dir, 'goldens.ts'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['goldens.ts'],
    }));
    const tsc = spawnSync(join(root, 'web/node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the client acts on every close code the schema names', () => {
  const live = readFileSync(join(root, 'web/src/realtime/live.ts'), 'utf8');
  // The client maps codes to actions from the generated CLOSE_CODES, not from numbers of its own.
  assert.match(live, /CLOSE_CODES/);
  assert.doesNotMatch(live, /code\s*===?\s*\d/);
  for (const c of Object.values(schema.close_codes)) assert.ok(['stop', 'reconnect', 'sign_in'].includes(c.then));
});

test('docs/live.md shows the frames and close codes the schema has', () => {
  const doc = readFileSync(join(root, 'docs/live.md'), 'utf8');
  const m = doc.match(/<!-- frames:begin[^\n]*-->\n([\s\S]*?)<!-- frames:end -->/);
  assert.ok(m, 'docs/live.md has the frames markers');
  assert.equal(m[1], markdownTables(schema), 'regenerate with node web/scripts/live-protocol.mjs --markdown');
});
