// Learn: articles from content/articles, rendered safely.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startServer, Client, assertProblem, rawGet } from '../support/server.mjs';

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

test('articles are public content: compressed when accepted, cached briefly, revalidated by ETag', async () => {
  for (const path of ['/api/v1/articles', '/api/v1/articles/what-your-triangle-means']) {
    const plain = await rawGet(server.base + path);
    const gz = await rawGet(server.base + path, { 'accept-encoding': 'br;q=0.9, gzip;q=0.8' });
    assert.equal(plain.headers['content-encoding'], undefined, path);
    // A body too small to gain from gzip (the list of one article) is sent as it is.
    if (gz.headers['content-encoding'] === 'gzip')
      assert.deepEqual(JSON.parse(gunzipSync(gz.body).toString('utf8')), JSON.parse(plain.body.toString('utf8')), path);
    else assert.ok(plain.body.length < 200 && gz.body.equals(plain.body), path);
    assert.equal(gz.headers['cache-control'], 'public, max-age=300', path);
    assert.match(gz.headers.vary, /accept-encoding/i, path);
    assert.equal((await rawGet(server.base + path, { 'if-none-match': plain.headers.etag })).status, 304, path);
  }
  const article = await rawGet(server.base + '/api/v1/articles/what-your-triangle-means', { 'accept-encoding': 'gzip' });
  assert.equal(article.headers['content-encoding'], 'gzip', 'the article itself is worth compressing');
  const refused = await rawGet(server.base + '/api/v1/articles/what-your-triangle-means', { 'accept-encoding': 'gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined, 'q=0 refuses gzip');
});
