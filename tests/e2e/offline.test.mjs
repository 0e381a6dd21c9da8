// When rekindle cannot be reached: screens keep what they showed under an "offline"
// banner instead of reading the error as an empty state, typed text stays, a reload
// shows the app's own offline screen (the service worker keeps the app shell, never
// private data), and everything comes back by itself when the server does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, newCouple, startServer } from '../support/server.mjs';
import { launch, newContext, snap } from '../support/browser.mjs';

test('an outage never shows a misleading screen, and typed text survives it', async () => {
  const database = freshDatabase();
  let server = await startServer({ database });
  const browser = await launch();
  try {
    const [alex] = await newCouple(server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
    const context = await newContext(browser);
    await context.addCookies([{ name: 'rekindle_session', value: alex.token, url: server.base }]);
    const page = await context.newPage();
    await page.goto(server.base + '/home');
    await page.getByTestId('partner-name').getByText('Sam').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 10000 });
    await page.getByLabel('Your answer').fill('Half a thought about Sunday');

    // The server goes away.
    const port = server.port;
    await server.stop();

    await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Connect' }).click();
    await page.getByTestId('offline').waitFor();
    assert.equal(await page.getByText('Connect is for the two of you').count(), 0, 'an outage is not "no partner"');
    await snap(page, 'offline-connect');
    await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Home' }).click();
    assert.equal(await page.getByLabel('Your answer').inputValue(), 'Half a thought about Sunday', 'the draft is kept');

    // A reload without the server: the app's own screen, not the browser's error page.
    await page.reload();
    await page.getByRole('heading', { name: "We can't reach rekindle" }).waitFor();
    await snap(page, 'offline-start');

    // The server comes back on the same address: the page recovers by itself.
    server = await startServer({ database, env: { REKINDLE_LISTEN: `127.0.0.1:${port}` } });
    await page.getByTestId('partner-name').getByText('Sam').waitFor({ timeout: 30000 });

    // Nothing from the API was kept on the device.
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const key of await caches.keys()) for (const r of await (await caches.open(key)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    assert.ok(cached.includes('/'), 'the app shell is kept');
    assert.deepEqual(cached.filter((u) => u.startsWith('/api/')), [], 'no API answer is kept');
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    database.drop();
  }
});
