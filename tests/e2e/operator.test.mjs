// The operator's console in the browser: an operator (granted on the command line, with a
// second factor) finds a therapist's application, records how the licence was checked
// and approves it; the therapist's profile is then approved. An operator without a
// second factor is sent to Settings; a lost second factor is removed after a question.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, cli, newPerson } from '../support/server.mjs';
import { assertAccessible, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';
import { enrolSecondFactor, makeOperator } from '../support/totp.mjs';

const env = withServerAndBrowser();
const day = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

// A therapist who wrote a complete profile and sent it to the operators (a Client).
async function applicant(name) {
  const t = new Client(env.server.base);
  await t.signUp({ role: 'therapist', display_name: name });
  await enrolSecondFactor(t);
  const put = await t.put('/api/v1/therapist/profile', {
    full_name: name, credential: 'psychologist', licence_number: 'M-4711', licensing_body: 'Colegio Oficial de Madrid',
    jurisdictions: ['ES'], languages: ['es', 'en'], modalities: ['video'], specialties: ['couples', 'communication'],
    approaches: ['gottman'], bio: 'I help couples find words again.', fee: 6000, capacity: 5, time_zone: 'Europe/Madrid',
  });
  assert.equal(put.status, 200, put.text);
  assert.equal((await t.post('/api/v1/therapist/profile/submit')).status, 200);
  return t;
}

test('an operator checks a licence and approves a therapist, who is then approved', async () => {
  const therapist = await applicant('Lucía Prieto');
  const operator = await makeOperator(env.server, await newPerson(env.server.base, { display_name: 'Olga' }));
  const page = await signedInPage(env, operator);

  await page.goto(env.server.base + '/settings');
  await page.getByRole('link', { name: 'Open the console' }).click();
  await page.getByRole('heading', { name: "Operator's console", level: 1 }).waitFor();
  const waiting = page.getByRole('navigation', { name: 'Which profiles' }).getByRole('link', { name: 'Waiting' });
  assert.equal(await waiting.getAttribute('aria-current'), 'page');
  await page.getByTestId('applications').getByRole('link', { name: 'Lucía Prieto' }).waitFor();
  await assertAccessible(page, 'console: applications');
  await snap(page, 'operator-applications');

  await page.getByRole('link', { name: 'Lucía Prieto' }).click();
  await page.getByRole('heading', { name: 'Lucía Prieto', level: 1 }).waitFor();
  await page.getByText('I help couples find words again.').waitFor();
  await page.getByText(therapist.email).waitFor();
  await page.getByText('To approve, first record a licence check').waitFor();
  // Approving before a check says what to do.
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Record how you checked the licence first.').waitFor();

  const checks = page.locator('section', { has: page.getByRole('heading', { name: 'Licence checks' }) });
  assert.equal(await checks.getByLabel('Licensing body you checked with').inputValue(), 'Colegio Oficial de Madrid');
  await checks.getByLabel('Day you checked').fill(day(1));
  await checks.getByLabel('Reference in their register').fill('COP-M-4711');
  await checks.getByLabel('Licence runs until').fill(day(365));
  await checks.getByRole('button', { name: 'Record the check' }).click();
  // A check in the future is refused next to its field; nothing typed is lost.
  await checks.getByText('The day you checked cannot be in the future.').waitFor();
  assert.equal(await checks.getByLabel('Reference in their register').inputValue(), 'COP-M-4711');
  await checks.getByLabel('Day you checked').fill(day(-1));
  await checks.getByRole('button', { name: 'Record the check' }).click();
  await page.getByText('The check is recorded.').waitFor();
  await checks.getByText('An approval rests on this check').waitFor();
  await assertAccessible(page, 'console: a profile with a check');
  await snap(page, 'operator-review');

  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Approved. The therapist was told by e-mail.').waitFor();
  assert.equal(await page.getByTestId('profile-status').textContent(), 'Approved');
  await page.locator('section', { has: page.getByRole('heading', { name: 'What was done' }) }).getByText('Approved', { exact: true }).waitFor();

  // The therapist's own profile says approved.
  const own = (await therapist.get('/api/v1/therapist/profile')).body;
  assert.equal(own.status, 'approved');
  assert.equal(own.verified_until, day(365));

  // The audit log has both steps, and its chain is whole.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
  const entries = page.getByTestId('audit-entries');
  await entries.getByText('Licence check recorded').first().waitFor();
  await entries.getByText('Approved').first().waitFor();
  await page.getByRole('button', { name: 'Check the log' }).click();
  await page.getByText(/The log is whole/).waitFor();
  await assertAccessible(page, 'console: audit log');
  await snap(page, 'operator-audit');
});

test('an operator without a second factor is sent to Settings; a lost factor is removed after one question', async () => {
  const fresh = await newPerson(env.server.base, { display_name: 'New operator' });
  assert.equal(cli(env.server.database, ['admin', 'grant-operator', fresh.email]).status, 0);
  const unready = await signedInPage(env, fresh);
  // Any page that needs the second factor takes its person to Settings, which says why.
  await unready.goto(env.server.base + '/operator');
  await unready.waitForURL(/\/settings\?why=second-factor/);
  await unready.getByRole('heading', { name: 'Second factor' }).waitFor();

  const lost = await newPerson(env.server.base, { display_name: 'Lost phone' });
  await enrolSecondFactor(lost);
  const operator = await makeOperator(env.server, await newPerson(env.server.base, { display_name: 'Olga' }));
  const page = await signedInPage(env, operator);
  await page.goto(env.server.base + '/operator/second-factor');
  await page.getByRole('heading', { name: 'Remove a lost second factor', level: 1 }).waitFor();
  await page.getByLabel('Their account e-mail').fill(lost.email);
  await page.getByLabel('How you made sure it is them').fill('Called the number on file and asked what only they know.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText(`Remove the second factor of ${lost.email}?`).waitFor();
  await assertAccessible(page, 'console: second factor reset');
  await page.getByRole('button', { name: 'Remove the second factor' }).click();
  await page.getByText(`Done: ${lost.email} is signed out everywhere`, { exact: false }).waitFor();
  assert.equal((await lost.get('/api/v1/me')).status, 401, 'their sessions ended');
  // An unknown address says so, and keeps what was typed.
  await page.getByLabel('Their account e-mail').fill('nobody-at-all@example.org');
  await page.getByLabel('How you made sure it is them').fill('Asked in person.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Remove the second factor' }).click();
  await page.getByText('There is no account with that e-mail address.').waitFor();
  assert.equal(await page.getByLabel('Their account e-mail').inputValue(), 'nobody-at-all@example.org');
});
