// docs/openapi.yaml and the server's route table must name the same endpoints: every
// route registered in src/ is documented, and every documented one answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../support/server.mjs';

function documented() {
  const out = new Set();
  let path = null;
  for (const line of readFileSync(join(root, 'docs', 'openapi.yaml'), 'utf8').split('\n')) {
    const p = line.match(/^ {2}(\/[^:]*):\s*$/);
    if (p) { path = p[1]; continue; }
    if (/^\S/.test(line)) path = null;
    const m = line.match(/^ {4}(get|put|post|patch|delete):/);
    if (path && m) out.add(`${m[1].toUpperCase()} ${path}`);
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
