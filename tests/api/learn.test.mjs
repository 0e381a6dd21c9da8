// Learn: articles from content/articles, rendered safely.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('articles are listed and served as HTML without raw markup', async () => {
  const c = new Client(server.base);
  const list = await c.get('/api/v1/articles');
  assert.equal(list.status, 200);
  assert.ok(list.body.articles.some((a) => a.slug === 'what-your-triangle-means' && a.title === 'What your triangle means'));
  const a = await c.get('/api/v1/articles/what-your-triangle-means');
  assert.equal(a.status, 200);
  assert.match(a.body.html, /<h2>What it cannot tell you<\/h2>/);
  assert.ok(!/<script|on\w+=/i.test(a.body.html));
  assertProblem(await c.get('/api/v1/articles/nope'), 404);
  assertProblem(await c.get('/api/v1/articles/..%2F..%2Fetc%2Fpasswd'), 404);
});
