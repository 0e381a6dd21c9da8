// The second factor in the browser: set it up in Settings (the QR code, the key, a code,
// the recovery codes shown once), then sign in with a code and with a recovery code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPerson } from '../support/server.mjs';
import { newContext, signedInPage, assertAccessible, snap, withServerAndBrowser } from '../support/browser.mjs';
import { freshCode, totpCode } from '../support/totp.mjs';

const env = withServerAndBrowser();

test('a person sets up an authenticator app and signs in with a code, then with a recovery code', async () => {
  const robin = await newPerson(env.server.base, { display_name: 'Robin' });
  const page = await signedInPage(env, robin);
  await page.goto(env.server.base + '/settings');
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Second factor' }) });
  await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await card.getByLabel('Your password').fill(robin.password);
  await card.getByRole('button', { name: 'Continue' }).click();
  await card.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  await assertAccessible(page, 'second factor: scan');
  await snap(page, 'second-factor-scan');
  const secret = (await card.locator('code.secret').textContent()).replaceAll(' ', '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const used = new Set();
  await card.getByLabel('The 6-digit code the app shows').fill('000000' === totpCode(secret) ? '111111' : '000000');
  await card.getByRole('button', { name: 'Turn it on' }).click();
  await card.locator('#mfa_code-error').waitFor();
  await card.getByLabel('The 6-digit code the app shows').fill(await freshCode(secret, used));
  await card.getByRole('button', { name: 'Turn it on' }).click();
  const list = card.getByRole('list', { name: 'Your recovery codes' });
  await list.locator('code').first().waitFor(); // the list appears once the server has answered
  const codes = await list.locator('code').allTextContents();
  assert.equal(codes.length, 10);
  await assertAccessible(page, 'second factor: recovery codes');
  await snap(page, 'second-factor-codes');
  await card.getByRole('button', { name: "I've saved them" }).click();
  await card.getByText('10 recovery codes left.').waitFor();

  // Sign in on another device: the password, then a code.
  const other = await (await newContext(env.browser)).newPage();
  await other.goto(env.server.base + '/signin');
  await other.getByLabel('E-mail').fill(robin.email);
  await other.getByLabel('Password', { exact: true }).fill(robin.password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByRole('heading', { name: 'One more step' }).waitFor();
  assert.equal(await other.getByLabel('Code from your app').getAttribute('autocomplete'), 'one-time-code');
  await assertAccessible(other, 'sign-in: code');
  await snap(other, 'second-factor-sign-in');
  await other.getByLabel('Code from your app').fill(await freshCode(secret, used));
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByRole('heading', { name: /Hello, Robin|Welcome/ }).first().waitFor();

  // And on a third, with a recovery code.
  const third = await (await newContext(env.browser)).newPage();
  await third.goto(env.server.base + '/signin');
  await third.getByLabel('E-mail').fill(robin.email);
  await third.getByLabel('Password', { exact: true }).fill(robin.password);
  await third.getByRole('button', { name: 'Sign in' }).click();
  await third.getByRole('button', { name: "I can't use my app: use a recovery code" }).click();
  await third.getByLabel('Recovery code').fill(codes[0]);
  await third.getByRole('button', { name: 'Sign in' }).click();
  await third.getByRole('heading', { name: /Hello, Robin|Welcome/ }).first().waitFor();
  await third.goto(env.server.base + '/settings');
  await third.getByText('9 recovery codes left.').waitFor();
});
