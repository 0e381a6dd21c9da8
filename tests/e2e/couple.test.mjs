// Two people in two browsers: sign up, invite, join, see each other; settings, sign out
// and in, quick exit; and no serious accessibility problem on any page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, assertAccessible, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';
import { Client } from '../support/server.mjs';

const env = withServerAndBrowser();

// A sign-up no longer signs in: the account is made by the link it e-mails. Until the web
// client has its "check your e-mail" step and /verify page, the account is finished
// through the API (the sign-up, then the link from the e-mail) and the browser is
// handed its session. Returns a page signed in as that person.
async function signUpThroughTheLink(fields) {
  const person = new Client(env.server.base);
  await person.signUp(fields);
  return signedInPage(env, person);
}

test('two partners sign up, one invites, the other joins, and both see each other', async () => {
  let alex = await (await newContext(env.browser)).newPage();
  const samBefore = await (await newContext(env.browser)).newPage();

  await alex.goto(env.server.base + '/');
  await alex.getByRole('heading', { name: 'rekindle', exact: true }).waitFor();
  await assertAccessible(alex, 'welcome');
  await snap(alex, 'welcome');
  await alex.getByRole('link', { name: 'Create an account' }).click();
  await alex.getByRole('heading', { name: 'Create your account', exact: true }).waitFor();
  await assertAccessible(alex, 'sign-up');
  assert.equal(await alex.getByLabel('Password', { exact: true }).getAttribute('autocomplete'), 'new-password');

  // A weak password is refused with the reason next to the field, and nothing typed is lost.
  await alex.getByLabel('E-mail').fill('alex@example.org');
  await alex.getByLabel('Your name').fill('Alex');
  await alex.getByLabel('Password', { exact: true }).fill('password12345678');
  await alex.getByRole('button', { name: 'Create account' }).click();
  await alex.locator('#password-error').getByText('common password', { exact: false }).waitFor();
  assert.equal(await alex.getByLabel('E-mail').inputValue(), 'alex@example.org');
  await assertAccessible(alex, 'sign-up with an error');
  await snap(alex, 'signup-error');
  alex = await signUpThroughTheLink({ email: 'alex@example.org', display_name: 'Alex', password: 'copper kettle sings at dawn' });
  await alex.goto(env.server.base + '/home');
  await alex.getByRole('heading', { name: 'Hello, Alex', exact: true }).waitFor();
  await assertAccessible(alex, 'home before a couple');

  await alex.getByRole('button', { name: 'Make an invite code' }).click();
  const code = (await alex.getByTestId('invite-code').textContent()).trim();
  assert.match(code, /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  await snap(alex, 'home-invite');

  // Sam follows the invite link, signs up from it and joins with the code filled in.
  await samBefore.goto(`${env.server.base}/join/${code}`);
  await samBefore.getByText('Your partner invited you', { exact: false }).waitFor();
  await samBefore.getByRole('link', { name: 'Create an account' }).click();
  await samBefore.getByRole('heading', { name: 'Create your account', exact: true }).waitFor();
  const sam = await signUpThroughTheLink({ email: 'sam@example.org', display_name: 'Sam', password: 'violet ferry under snow' });
  await sam.goto(`${env.server.base}/home?join=${encodeURIComponent(code)}`);
  assert.equal(await sam.getByLabel("Your partner's invite code").inputValue(), code);
  await sam.getByRole('button', { name: 'Join my partner' }).click();
  await sam.getByTestId('partner-name').getByText('Alex').waitFor();
  await assertAccessible(sam, 'home in a couple');
  await snap(sam, 'home-couple');

  await alex.reload();
  await alex.getByTestId('partner-name').getByText('Sam').waitFor();

  // Settings: the sexual-content switch persists; sign out and back in.
  await alex.getByRole('link', { name: 'Me', exact: true }).click();
  await alex.getByRole('heading', { name: 'Your triangle', exact: true }).waitFor();
  await alex.getByRole('link', { name: 'Settings' }).click();
  await alex.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  assert.equal(await alex.getByRole('link', { name: 'Me', exact: true }).getAttribute('aria-current'), 'page');
  await assertAccessible(alex, 'settings');
  await snap(alex, 'settings');
  const toggle = alex.getByRole('switch', { name: 'Show sexual content to me' });
  assert.equal(await toggle.isChecked(), false);
  const saved = alex.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
  await toggle.check();
  assert.equal((await saved).status(), 200);
  await alex.reload();
  assert.equal(await alex.getByRole('switch', { name: 'Show sexual content to me' }).isChecked(), true);
  await alex.getByRole('button', { name: 'Sign out on this device' }).click();
  await alex.getByRole('heading', { name: 'rekindle', exact: true }).waitFor();
  assert.equal((await alex.context().cookies()).filter((c) => c.name === 'rekindle_session').length, 0);
  await alex.getByRole('link', { name: 'Sign in' }).click();
  await assertAccessible(alex, 'sign-in');
  await alex.getByLabel('E-mail').fill('alex@example.org');
  await alex.getByLabel('Password', { exact: true }).fill('copper kettle sings at dawn');
  await alex.getByRole('button', { name: 'Sign in' }).click();
  await alex.getByTestId('partner-name').getByText('Sam').waitFor();
});

async function leftRekindle(page) {
  const deadline = Date.now() + 2000;
  while (page.url().startsWith(env.server.base)) {
    assert.ok(Date.now() < deadline, `still on ${page.url()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('quick exit leaves at once and replaces the page in history', async () => {
  const page = await signUpThroughTheLink({ email: 'kai@example.org', display_name: 'Kai', password: 'amber lighthouse quietly hums' });
  const context = page.context();
  await page.goto(env.server.base + '/home');
  await page.getByRole('heading', { name: 'Hello, Kai', exact: true }).waitFor();
  // The neutral site is unreachable in tests; leaving our origin at once is what matters.
  await page.getByRole('button', { name: 'Quick exit' }).click();
  await leftRekindle(page);
  assert.equal(await page.evaluate(() => history.length), 2, 'the app page was replaced, not pushed');
  const again = await context.newPage();
  await again.goto(env.server.base + '/home');
  await again.getByRole('heading', { name: 'Hello, Kai', exact: true }).waitFor();
  for (let i = 0; i < 3; i++) await again.keyboard.press('Shift');
  await leftRekindle(again);
  await context.close();
});

test('the client is served compressed, cached by content hash, and installable', async () => {
  const index = await fetch(env.server.base + '/', { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  const html = await index.text();
  const asset = html.match(/\/assets\/[^"]+\.js/)[0];
  const js = await fetch(env.server.base + asset, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.match(js.headers.get('cache-control'), /immutable/);
  const etag = js.headers.get('etag');
  assert.equal((await fetch(env.server.base + asset, { headers: { 'if-none-match': etag } })).status, 304);
  const manifest = await fetch(env.server.base + '/manifest.webmanifest');
  assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
  const m = await manifest.json();
  assert.ok(m.icons.some((i) => i.sizes === '512x512'));
  assert.equal((await fetch(env.server.base + '/settings')).status, 200, 'deep links serve the client');
  assert.equal((await fetch(env.server.base + '/missing.js')).status, 404);
});
