// docs/openapi.yaml and the server's route table must name the same endpoints: every
// route registered in src/ is documented, and every documented one answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../support/server.mjs';

// The document as a YAML parser reads it (so a line a parser refuses fails here too).
const YAML = createRequire(join(root, 'web', 'package.json'))('yaml');
const spec = YAML.parse(readFileSync(join(root, 'docs', 'openapi.yaml'), 'utf8'));

function documented() {
  const out = new Set();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of Object.keys(item)) {
      if (['get', 'put', 'post', 'patch', 'delete'].includes(method)) out.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return out;
}

function registered() {
  const out = new Set();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      // Test hooks exist only in rekindle-test and are not part of the API.
      else if (p.endsWith('.cpp') && !p.endsWith('_test.cpp') && !p.endsWith('test_hooks.cpp')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/Method::k(\w+),\s*"([^"]+)"/g)) out.add(`${m[1].toUpperCase()} ${m[2]}`);
      }
    }
  };
  walk(join(root, 'src'));
  return out;
}

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('every registered route is documented and every documented one is registered', () => {
  const docs = documented();
  const code = registered();
  assert.ok(code.size >= 12, `found ${code.size} routes in src/`);
  assert.deepEqual([...code].filter((r) => !docs.has(r)).sort(), [], 'routes missing from docs/openapi.yaml');
  assert.deepEqual([...docs].filter((r) => !code.has(r)).sort(), [], 'documented routes the server does not register');
});

test('every documented endpoint answers (none is 404 for "no such endpoint" or 405)', async () => {
  for (const entry of documented()) {
    const [method, path] = entry.split(' ');
    const res = await fetch(server.base + path.replace(/\{[^}]+\}/g, 'x'), { method });
    assert.notEqual(res.status, 405, entry);
    const text = await res.text();
    assert.ok(!text.includes('There is no such endpoint'), entry);
  }
});

test('every $ref in the document names something it defines', () => {
  const missing = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string') {
      const target = node.$ref.replace(/^#\//, '').split('/').reduce((at, key) => at?.[key], spec);
      if (target === undefined) missing.push(node.$ref);
    }
    Object.values(node).forEach(walk);
  };
  walk(spec);
  assert.deepEqual([...new Set(missing)].sort(), []);
});
