// Two people in two browsers: sign up, invite, join, see each other; settings, sign out
// and in, quick exit; and no serious accessibility problem on any page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, assertAccessible, snap, withServerAndBrowser } from '../support/browser.mjs';
import { linkToken, waitForMail } from '../support/mail.mjs';

const env = withServerAndBrowser();

// Signs up through the form, then opens the e-mailed link in the same browser, as a
// person would: the link makes the account and signs in, and the first run begins.
// Returns the message.
const en = { email: 'E-mail', name: 'Your name', password: 'Password', create: 'Create account', check: 'Check your e-mail', welcome: 'Welcome, ' };
const es = { email: 'Correo electrónico', name: 'Tu nombre', password: 'Contraseña', create: 'Crear la cuenta', check: 'Revisa tu correo', welcome: 'Te damos la bienvenida, ' };
async function signUpAs(page, { email, name, password }, words = en) {
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.name).fill(name);
  await page.getByLabel(words.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: words.create }).click();
  await page.getByRole('heading', { name: words.check }).waitFor();
  const mail = await waitForMail(env.server.mailDir, email);
  await page.goto(`${env.server.base}/verify#token=${linkToken(mail)}`);
  await page.getByRole('heading', { name: words.welcome + name }).waitFor();
  assert.ok(!page.url().includes('token'), 'the token leaves the address at once');
  return mail;
}

// The element that has focus, as "tag: text".
const focused = (page) => page.evaluate(() => `${document.activeElement.tagName.toLowerCase()}: ${document.activeElement.textContent.trim().slice(0, 40)}`);

test('two partners sign up, one invites, the other joins from the link in one step, and both see the moment', async () => {
  const alex = await (await newContext(env.browser)).newPage();
  const sam = await (await newContext(env.browser)).newPage();

  await alex.goto(env.server.base + '/');
  await alex.getByRole('heading', { name: 'rekindle', exact: true }).waitFor();
  await assertAccessible(alex, 'welcome');
  await snap(alex, 'welcome');
  await alex.getByRole('link', { name: 'Create an account' }).click();
  await alex.getByRole('heading', { name: 'Create your account', exact: true }).waitFor();
  assert.equal(await focused(alex), 'h1: Create your account', 'focus moves to the new page heading');
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
  await alex.getByLabel('Password', { exact: true }).fill('copper kettle sings at dawn');
  await alex.getByRole('button', { name: 'Create account' }).click();
  await alex.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  await assertAccessible(alex, 'check your e-mail');
  await snap(alex, 'signup-check-email');
  await alex.goto(`${env.server.base}/verify#token=${linkToken(await waitForMail(env.server.mailDir, 'alex@example.org'))}`);

  // The first run: what rekindle is, privacy, sexual content off unless chosen.
  await alex.getByRole('heading', { name: 'Welcome, Alex', exact: true }).waitFor();
  await alex.getByRole('img', { name: /A triangle/ }).waitFor();
  await assertAccessible(alex, 'first run');
  await snap(alex, 'first-run');
  await alex.getByRole('button', { name: 'Next' }).click();
  await alex.getByRole('heading', { name: 'Private by default' }).waitFor();
  await alex.getByRole('button', { name: 'Next' }).click();
  await alex.getByRole('heading', { name: 'Sexual content is off' }).waitFor();
  assert.equal(await alex.getByRole('switch', { name: 'Show sexual content to me' }).getAttribute('aria-checked'), 'false');
  await alex.getByRole('button', { name: "Let's begin" }).click();
  await alex.getByRole('heading', { name: 'Hello, Alex', exact: true }).waitFor();
  assert.equal(await focused(alex), 'h1: Hello, Alex');
  await alex.getByTestId('next-step').getByRole('heading', { name: 'Invite your partner' }).waitFor();
  await assertAccessible(alex, 'home before a couple');

  await alex.getByRole('button', { name: 'Make an invite' }).click();
  const code = (await alex.getByTestId('invite-code').locator('[aria-hidden="true"]').textContent()).trim();
  assert.match(code, /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  await alex.getByText('This page changes by itself when your partner joins.').waitFor();
  await snap(alex, 'home-invite');

  // Sam follows the invite link and signs up: joined at once, no code to type or tap.
  await sam.goto(`${env.server.base}/join/${code}`);
  await sam.getByText('Your partner invited you', { exact: false }).waitFor();
  await sam.getByRole('link', { name: 'Create an account' }).click();
  await signUpAs(sam, { email: 'sam@example.org', name: 'Sam', password: 'violet ferry under snow' });
  await sam.getByTestId('moment').getByText("You're connected with Alex").waitFor();
  await snap(sam, 'first-run-connected');
  await sam.getByRole('button', { name: 'Skip' }).click();
  await sam.getByTestId('partner-name').getByText('Alex').waitFor();
  await sam.getByTestId('next-step').getByRole('heading', { name: 'Take the triangle check' }).waitFor();
  assert.ok(!sam.url().includes('join='), 'the code leaves the address once used');
  await assertAccessible(sam, 'home in a couple');
  await snap(sam, 'home-couple');

  // Alex's screen changes by itself: the moment, then the couple.
  await alex.getByTestId('moment').getByText("You're connected with Sam").waitFor();
  await alex.getByTestId('partner-name').getByText('Sam').waitFor();
  await snap(alex, 'home-connected');

  // Settings is a tab of Me; the sexual-content switch persists; sign out and in.
  await alex.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Me', exact: true }).click();
  await alex.getByRole('navigation', { name: 'Me' }).getByRole('link', { name: 'Settings' }).click();
  await alex.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  assert.equal(await focused(alex), 'h1: Settings');
  assert.equal(await alex.getByRole('link', { name: 'Settings', exact: true }).getAttribute('aria-current'), 'page');
  await assertAccessible(alex, 'settings');
  await snap(alex, 'settings');
  const toggle = alex.getByRole('switch', { name: 'Show sexual content to me' });
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  const saved = alex.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
  await toggle.click();
  assert.equal((await saved).status(), 200);
  await alex.reload();
  assert.equal(await alex.getByRole('switch', { name: 'Show sexual content to me' }).getAttribute('aria-checked'), 'true');

  // The skip link moves focus to the content.
  await alex.keyboard.press('Tab');
  assert.equal(await focused(alex), 'a: Skip to content');
  await alex.keyboard.press('Enter');
  assert.equal(await alex.evaluate(() => document.activeElement.id), 'main');

  await alex.getByRole('button', { name: 'Sign out on this device' }).click();
  await alex.getByRole('heading', { name: 'rekindle', exact: true }).waitFor();
  assert.equal((await alex.context().cookies()).filter((c) => c.name === 'rekindle_session').length, 0);
  await alex.getByRole('link', { name: 'Sign in' }).click();
  await assertAccessible(alex, 'sign-in');
  await alex.getByLabel('E-mail').fill('alex@example.org');
  await alex.getByLabel('Password', { exact: true }).fill('copper kettle sings at dawn');
  await alex.getByRole('button', { name: 'Sign in' }).click();
  await alex.getByTestId('partner-name').getByText('Sam').waitFor();
  assert.equal(await focused(alex), 'h1: Hello, Alex', 'after sign-in focus is on the heading');
});

// The done-when journey in Spanish: a browser set to Spanish follows the invite link,
// signs up, is joined at once, answers the first question and sees both answers.
test('en español: from the invite link to the first revealed answer, without a wrong turn', async () => {
  const spanish = { locale: 'es-ES' };
  const lucia = await (await newContext(env.browser, spanish)).newPage();
  const pablo = await (await newContext(env.browser, spanish)).newPage();
  await lucia.goto(env.server.base + '/signup');
  await lucia.getByRole('heading', { name: 'Crea tu cuenta', exact: true }).waitFor();
  await signUpAs(lucia, { email: 'lucia@example.org', name: 'Lucía', password: 'linterna roja junto al mar' }, es);
  await lucia.getByRole('button', { name: 'Saltar' }).click();
  await lucia.getByRole('button', { name: 'Crear una invitación' }).click();
  const code = (await lucia.getByTestId('invite-code').locator('[aria-hidden="true"]').textContent()).trim();

  await pablo.goto(`${env.server.base}/join/${code}`);
  await pablo.getByText('Tu pareja te ha invitado', { exact: false }).waitFor();
  await pablo.getByRole('link', { name: 'Crear una cuenta' }).click();
  const mail = await signUpAs(pablo, { email: 'pablo@example.org', name: 'Pablo', password: 'tren azul por la sierra' }, es);
  assert.equal(mail.subject, 'Confirma tu dirección de correo', 'the e-mail is in Spanish too');
  await pablo.getByTestId('moment').getByText('Conexión hecha con Lucía').waitFor();
  await pablo.getByRole('button', { name: 'Saltar' }).click();
  await lucia.getByTestId('moment').getByText('Conexión hecha con Pablo').waitFor();

  await pablo.getByRole('heading', { name: 'La pregunta de hoy' }).waitFor();
  await pablo.getByLabel('Tu respuesta').fill('El paseo del domingo.');
  await pablo.getByRole('button', { name: 'Guardar mi respuesta' }).click();
  await pablo.getByText('Esperando a Lucía').waitFor();
  await lucia.getByText('Pablo ya ha respondido', { exact: false }).waitFor();
  await lucia.getByLabel('Tu respuesta').fill('La cena de anoche.');
  await lucia.getByRole('button', { name: 'Guardar mi respuesta' }).click();
  await lucia.getByTestId('reveal').getByText('El paseo del domingo.').waitFor();
  await pablo.getByTestId('reveal').getByText('La cena de anoche.').waitFor();
  await assertAccessible(pablo, 'la revelación');
  await snap(pablo, 'daily-reveal-es');
  await lucia.context().close();
  await pablo.context().close();
});

test('an invite link that no longer works says so, with the code filled in', async () => {
  const page = await (await newContext(env.browser)).newPage();
  await page.goto(`${env.server.base}/join/ABCD-EFGH`);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await signUpAs(page, { email: 'lee@example.org', name: 'Lee', password: 'granite orchard after rain' });
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.getByRole('heading', { name: 'Hello, Lee' }).waitFor();
  await page.getByText('There is no invite with that code', { exact: false }).waitFor();
  assert.equal(await page.getByLabel("Your partner's invite code").inputValue(), 'ABCD-EFGH');
  await page.context().close();
});

test('a forgotten password comes back by e-mail, and every device is signed out', async () => {
  const page = await (await newContext(env.browser)).newPage();
  await page.goto(env.server.base + '/signup');
  await signUpAs(page, { email: 'rio@example.org', name: 'Rio', password: 'harbor swallows at noon' });
  const other = await (await newContext(env.browser)).newPage();
  await other.goto(env.server.base + '/signin');
  await other.getByRole('link', { name: 'Forgot your password?' }).click();
  await other.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
  await assertAccessible(other, 'forgot password');
  await other.getByLabel('E-mail').fill('rio@example.org');
  await other.getByRole('button', { name: 'Send me a link' }).click();
  await other.getByText('If an account uses this address', { exact: false }).waitFor();
  const mail = await waitForMail(env.server.mailDir, 'rio@example.org', { match: /reset-password#token=/ });
  await other.goto(`${env.server.base}/reset-password#token=${linkToken(mail)}`);
  await other.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  assert.ok(!other.url().includes('token'));
  await other.getByLabel('New password', { exact: true }).fill('lanterns drift past the pier');
  await other.getByRole('button', { name: 'Set my new password' }).click();
  await other.getByText('every device has been signed out', { exact: false }).waitFor();
  await snap(other, 'password-reset');
  await other.getByRole('link', { name: 'Sign in' }).click();
  await other.getByLabel('E-mail').fill('rio@example.org');
  await other.getByLabel('Password', { exact: true }).fill('lanterns drift past the pier');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByRole('heading', { name: 'Hello, Rio' }).waitFor();
  // The first browser's session ended with the reset.
  await page.reload();
  await page.getByRole('heading', { name: 'rekindle', exact: true }).waitFor();
});

async function leftRekindle(page) {
  const deadline = Date.now() + 2000;
  while (page.url().startsWith(env.server.base)) {
    assert.ok(Date.now() < deadline, `still on ${page.url()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The neutral site is not reachable from tests: the browser is given a stand-in page.
async function neutralSiteStandIn(context) {
  await context.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }));
}

test('quick exit ends the session, and Back shows nothing private', async () => {
  const context = await newContext(env.browser);
  await neutralSiteStandIn(context);
  const page = await context.newPage();
  await page.goto(env.server.base + '/signup');
  await signUpAs(page, { email: 'kai@example.org', name: 'Kai', password: 'amber lighthouse quietly hums' });
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.getByRole('heading', { name: 'Hello, Kai', exact: true }).waitFor();
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Me', exact: true }).click();
  await page.getByRole('navigation', { name: 'Me' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
  const token = (await context.cookies()).find((c) => c.name === 'rekindle_session').value;

  await page.getByRole('button', { name: 'Quick exit' }).click();
  await leftRekindle(page);
  await page.getByRole('heading', { name: 'Weather' }).waitFor();

  // The session is over on the server, whatever the browser still holds.
  const deadline = Date.now() + 3000;
  let status;
  do {
    status = (await fetch(env.server.base + '/api/v1/sessions/current', { headers: { cookie: `rekindle_session=${token}` } })).status;
  } while (status !== 204 && Date.now() < deadline && (await new Promise((r) => setTimeout(r, 50)), true));
  assert.equal(status, 204, 'quick exit ended the session (no current session)');

  // Back returns to an earlier rekindle page: it shows the welcome page, nothing of Kai's.
  await page.goBack();
  await page.getByRole('heading', { name: 'rekindle', exact: true }).waitFor();
  assert.equal(await page.getByText('Kai').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Quick exit' }).count(), 0);
  await context.close();
});

test('Shift three times leaves, but never while typing', async () => {
  const context = await newContext(env.browser);
  await neutralSiteStandIn(context);
  const page = await context.newPage();
  await page.goto(env.server.base + '/signup');
  await signUpAs(page, { email: 'noor@example.org', name: 'Noor', password: 'silver meadow hums softly' });
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Me', exact: true }).click();
  await page.getByRole('navigation', { name: 'Me' }).getByRole('link', { name: 'Settings' }).click();
  const name = page.getByLabel('Your name');
  await name.fill('');
  await name.pressSequentially('that was OMG');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await page.waitForTimeout(300);
  assert.ok(page.url().startsWith(env.server.base), 'typing capitals does not trigger quick exit');
  assert.equal(await name.inputValue(), 'that was OMG');
  await page.getByRole('heading', { name: 'Settings', exact: true }).click();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await leftRekindle(page);
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
  // Crawlers may read the welcome page, never the signed-in app, invite links or the API.
  const robots = await (await fetch(env.server.base + '/robots.txt')).text();
  assert.match(robots, /^Allow: \/$/m);
  assert.doesNotMatch(robots, /^Disallow: \/\s*$/m);
  for (const path of ['/home', '/connect', '/me', '/settings', '/join/', '/api/']) assert.match(robots, new RegExp(`^Disallow: ${path}$`, 'm'), path);
});
