// A therapist joins through the browser: the therapist's sign-up page, the e-mailed link,
// Settings until the second factor is set up, then their practice — the profile (field
// errors where they belong), a photo (refusals in the server's words), weekly hours in a
// time zone other than UTC and a day off — submitted for verification, and all of it
// there again after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newContext, assertAccessible, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';
import { linkToken, waitForMail } from '../support/mail.mjs';
import { gradientPng } from '../support/png.mjs';
import { Client, sql } from '../support/server.mjs';
import { enrolSecondFactor, freshCode } from '../support/totp.mjs';

const env = withServerAndBrowser();


const places = (page) => page.getByRole('navigation', { name: 'Places' }).getByRole('link');
const api = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);

test('a therapist signs up, sets up the second factor, writes a profile with a photo and hours, and submits it', async () => {
  const page = await (await newContext(env.browser)).newPage();
  const email = 'ana.ruiz@example.org';
  const password = 'quiet harbour lamps at dusk';

  // The way in is discreet: a line under the sign-in form.
  await page.goto(env.server.base + '/signin');
  await page.getByRole('link', { name: 'Join as a therapist' }).click();
  await page.getByRole('heading', { name: 'Join as a therapist', level: 1 }).waitFor();
  await page.getByText('We verify your licence.').waitFor();
  await assertAccessible(page, 'therapist sign-up');
  await snap(page, 'therapist-join');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Your name').fill('Ana');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();

  // The link makes the account; its pages need a second factor, so Settings says so.
  const mail = await waitForMail(env.server.mailDir, email, { match: /\/verify#token=/ });
  await page.goto(`${env.server.base}/verify#token=${linkToken(mail)}`);
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  assert.match(page.url(), /\/settings\?why=second-factor$/);
  await page.getByText('Your practice pages open once your account has a second factor').waitFor();
  assert.deepEqual(await places(page).allTextContents(), ['Practice', 'Settings'], "a therapist's places, not a couple's");
  await assertAccessible(page, 'settings: second factor needed');
  await snap(page, 'therapist-second-factor-needed');

  // Anything that needs the factor leads back here; so does signing in elsewhere.
  await page.goto(env.server.base + '/practice');
  await page.waitForURL(/\/settings\?why=second-factor$/);
  const elsewhere = await (await newContext(env.browser)).newPage();
  await elsewhere.goto(env.server.base + '/signin');
  await elsewhere.getByLabel('E-mail').fill(email);
  await elsewhere.getByLabel('Password', { exact: true }).fill(password);
  await elsewhere.getByRole('button', { name: 'Sign in' }).click();
  await elsewhere.getByText('Your practice pages open once your account has a second factor').waitFor();
  assert.match(elsewhere.url(), /\/settings\?why=second-factor$/);

  // The second factor, as any person sets it up.
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Second factor' }) });
  await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
  // Enter sends each step's form (as a keyboard user would, and whatever the bottom bar covers).
  await card.getByLabel('Your password').fill(password);
  await card.getByLabel('Your password').press('Enter');
  const secret = (await card.locator('code.secret').textContent()).replaceAll(' ', '');
  const used = new Set();
  await card.getByLabel('The 6-digit code the app shows').fill(await freshCode(secret, used));
  await card.getByLabel('The 6-digit code the app shows').press('Enter');
  await card.getByRole('button', { name: "I've saved them" }).click();
  await page.getByRole('link', { name: 'Next: your profile' }).click();

  // The profile: a draft, explained.
  await page.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
  const status = page.getByTestId('practice-status');
  await status.getByRole('heading', { name: 'A draft' }).waitFor();
  await page.getByLabel('Your name as on your licence').fill('Ana Ruiz');
  await page.getByLabel('Credential').selectOption({ label: 'Marriage and family therapist' });
  await page.getByLabel('Licence number').fill('LMFT 123456');
  await page.getByLabel('Licensing body').fill('California Board of Behavioral Sciences');
  const place1 = page.getByRole('group', { name: 'Place 1' });
  await place1.getByLabel('Country').fill('us');
  assert.equal(await place1.getByLabel('Country').inputValue(), 'US', 'codes are written in capitals');
  await place1.getByText('United States').waitFor();
  await place1.getByLabel('Region').fill('CA');
  await place1.getByText('US-CA').waitFor();
  await page.getByRole('button', { name: 'Add a place' }).click();
  const place2 = page.getByRole('group', { name: 'Place 2' });
  await place2.getByLabel('Country').fill('D');
  for (const name of ['English', 'Spanish', 'Video', 'Couples therapy', 'Recovering from an affair', 'Gottman Method'])
    await page.getByRole('checkbox', { name, exact: true }).check();
  await page.getByLabel('Gender').selectOption({ label: "I'd rather not say" });
  await page.getByLabel(/^Fee per session/).fill('85.50');
  await page.getByLabel('Session length').selectOption('50');
  await page.getByLabel('Couples at once').fill('5');
  await page.getByLabel('Find a city or region').fill('Los Angeles');
  await page.getByLabel('Time zone', { exact: true }).selectOption('America/Los_Angeles');
  await page.getByLabel('Moving: hours before a session').fill('12');

  // A half-written place is caught here, at its field, and nothing typed is lost.
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await place2.getByText('Write the country as two letters').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'jurisdictions-1-country'); // the field to fix has the focus
  assert.equal(await page.getByLabel('Licence number').inputValue(), 'LMFT 123456');
  await assertAccessible(page, 'profile with an error');
  await place2.getByLabel('Country').fill('DE');
  await place2.getByText('Germany').waitFor();
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await page.getByText('Saved.', { exact: true }).waitFor();
  await snap(page, 'therapist-profile');

  // The photo: a file that is not one is refused here; one that only says it is, by the
  // server, in its words; a real one is previewed, then kept.
  await page.getByRole('link', { name: 'Photo', exact: true }).click();
  await page.getByRole('heading', { name: 'Your photo', level: 1 }).waitFor();
  const file = page.getByLabel('Choose a photo');
  await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.getByText('Choose a JPEG or PNG file.').waitFor();
  await file.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
  await page.getByRole('button', { name: 'Use this photo' }).click();
  await page.locator('#photo-file-error').getByText('That file is not a photo we can use. Use a JPEG or PNG photo.').waitFor();
  await file.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: gradientPng(96) });
  await page.getByRole('img', { name: 'The photo you chose' }).waitFor();
  await page.getByRole('button', { name: 'Use this photo' }).click();
  await page.getByText('Your photo is saved.').waitFor();
  const photo = page.getByRole('img', { name: 'Your photo, as couples will see it' });
  await photo.waitFor();
  await page.waitForFunction(() => document.querySelector('img.photo')?.naturalWidth === 96);
  await assertAccessible(page, 'photo');
  await snap(page, 'therapist-photo');

  // Weekly hours in Los Angeles time: Monday morning and afternoon, Wednesday afternoon,
  // and a day off. An overlap is shown at its day.
  await page.getByRole('link', { name: 'Hours', exact: true }).click();
  await page.getByText('In your time zone, America/Los_Angeles.').waitFor();
  await page.getByRole('button', { name: 'Add hours on Monday' }).click();
  const monday1 = page.getByRole('group', { name: 'Monday, hours 1' });
  await monday1.getByLabel('Until').selectOption(String(12 * 60));
  await page.getByRole('button', { name: 'Add hours on Monday' }).click();
  const monday2 = page.getByRole('group', { name: 'Monday, hours 2' });
  assert.equal(await monday2.getByLabel('From').inputValue(), String(12 * 60), 'the next window starts where the last ended');
  await monday2.getByLabel('From').selectOption(String(11 * 60));
  await monday2.getByLabel('Until').selectOption(String(17 * 60));
  await page.getByRole('button', { name: 'Add hours on Wednesday' }).click();
  const wednesday = page.getByRole('group', { name: 'Wednesday, hours 1' });
  await wednesday.getByLabel('From').selectOption(String(13 * 60));
  await wednesday.getByLabel('Until').selectOption(String(19 * 60 + 30));
  await page.getByLabel('A day off').fill('2030-12-24');
  await page.getByRole('button', { name: 'Add the day' }).click();
  await page.getByRole('button', { name: 'Remove December 24, 2030' }).waitFor();
  await page.getByRole('button', { name: 'Save hours' }).click();
  await page.getByRole('group', { name: 'Monday', exact: true }).getByText('Two of these overlap').waitFor();
  await monday2.getByLabel('From').selectOption(String(13 * 60));
  await page.getByRole('button', { name: 'Save hours' }).click();
  await page.getByText('Your hours are saved.').waitFor();
  await assertAccessible(page, 'hours');
  await snap(page, 'therapist-hours');

  // Submitting finds what is still missing and says so at its field; then it goes.
  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await page.getByRole('button', { name: 'Submit for verification' }).click();
  await page.locator('#bio-error').getByText('A few words about how you work.').waitFor();
  await page.getByText('Saved as a draft.').waitFor();
  await page.getByLabel('About you').fill('I help couples find their way back to each other, one honest conversation at a time.');
  await page.getByRole('button', { name: 'Submit for verification' }).click();
  await status.getByRole('heading', { name: 'With the operators' }).waitFor();
  await page.getByText('Submitted. The operators will check your licence').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Submit for verification' }).count(), 0);
  await assertAccessible(page, 'profile submitted');

  // After a reload everything is as it was left, and the API holds it in its own terms.
  await page.reload();
  await status.getByRole('heading', { name: 'With the operators' }).waitFor();
  assert.equal(await page.getByLabel('Your name as on your licence').inputValue(), 'Ana Ruiz');
  assert.equal(await page.getByLabel('Licence number').inputValue(), 'LMFT 123456');
  assert.equal(await page.getByRole('group', { name: 'Place 1' }).getByLabel('Country').inputValue(), 'DE');
  assert.equal(await page.getByRole('group', { name: 'Place 2' }).getByLabel('Region').inputValue(), 'CA');
  assert.ok(await page.getByRole('checkbox', { name: 'Recovering from an affair' }).isChecked());
  assert.ok(!(await page.getByRole('checkbox', { name: 'Chat', exact: true }).isChecked()));
  assert.equal(await page.getByLabel(/^Fee per session/).inputValue(), '85.50');
  assert.equal(await page.getByLabel('Time zone', { exact: true }).inputValue(), 'America/Los_Angeles');
  const profile = await api(page, '/api/v1/therapist/profile');
  assert.equal(profile.status, 'submitted');
  assert.equal(profile.fee, 8550, 'the fee is kept in minor units');
  assert.equal(profile.currency, 'EUR');
  assert.deepEqual(profile.jurisdictions, ['DE', 'US-CA']);
  assert.deepEqual(profile.languages.sort(), ['en', 'es']);
  assert.equal(profile.reschedule_hours, 12);
  assert.deepEqual(profile.hours, [
    { weekday: 1, start_minute: 540, end_minute: 720 }, { weekday: 1, start_minute: 780, end_minute: 1020 },
    { weekday: 3, start_minute: 780, end_minute: 1170 }]);
  assert.deepEqual(profile.days_off, ['2030-12-24']);
  assert.equal(profile.has_photo, true);
  await page.getByRole('link', { name: 'Hours', exact: true }).click();
  assert.equal(await page.getByRole('group', { name: 'Wednesday, hours 1' }).getByLabel('Until').inputValue(), String(19 * 60 + 30));
  await page.getByRole('button', { name: 'Remove December 24, 2030' }).waitFor();
  await page.getByRole('link', { name: 'Photo', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('img.photo')?.naturalWidth === 96);

  // Signing in again opens the practice, after the code.
  const again = await (await newContext(env.browser)).newPage();
  await again.goto(env.server.base + '/signin');
  await again.getByLabel('E-mail').fill(email);
  await again.getByLabel('Password', { exact: true }).fill(password);
  await again.getByRole('button', { name: 'Sign in' }).click();
  await again.getByLabel('Code from your app').fill(await freshCode(secret, used));
  await again.getByRole('button', { name: 'Sign in' }).click();
  await again.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
  assert.match(again.url(), /\/practice$/);
});

test("where a profile stands is said in words: refused with the operators' reason, verified until a day, and back to them after a licence change", async () => {
  const t = new Client(env.server.base);
  await t.signUp({ role: 'therapist' });
  await enrolSecondFactor(t);
  const put = await t.put('/api/v1/therapist/profile', {
    full_name: 'Sam Okafor', credential: 'psychotherapist', licence_number: 'PT-778', licensing_body: 'Health and Care Professions Council',
    jurisdictions: ['GB'], languages: ['en'], modalities: ['video', 'chat'], specialties: ['communication'], bio: 'Calm, practical sessions.',
    capacity: 3, fee: 9000, time_zone: 'Europe/London',
  });
  assert.equal(put.status, 200, put.text);
  assert.equal((await t.post('/api/v1/therapist/profile/submit')).status, 200);
  const decide = (set) => sql(env.server.database, `UPDATE therapists SET ${set} WHERE user_id = '${t.user.id}'`);

  decide("status = 'refused', decision_reason = 'The register lists another licence number for this name.'");
  const page = await signedInPage(env, t);
  await page.goto(env.server.base + '/practice');
  const status = page.getByTestId('practice-status');
  await status.getByRole('heading', { name: 'Not approved' }).waitFor();
  await status.getByText('The register lists another licence number for this name.').waitFor();
  await page.getByRole('button', { name: 'Submit for verification' }).waitFor();
  await assertAccessible(page, 'profile refused');

  decide("status = 'approved', decision_reason = '', verified_until = '2099-12-31'");
  await page.reload();
  await status.getByRole('heading', { name: 'Verified' }).waitFor();
  await status.getByText('Verified until December 31, 2099.').waitFor();
  await page.getByText('Changing any of them once you are verified sends your profile back to them').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Submit for verification' }).count(), 0);
  await page.getByLabel('About you').fill('Calm, practical sessions, online.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved.', { exact: true }).waitFor();
  await status.getByRole('heading', { name: 'Verified' }).waitFor();
  await page.getByLabel('Licence number').fill('PT-787');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved. Your licence details changed, so your profile went back to the operators to verify.').waitFor();
  await status.getByRole('heading', { name: 'With the operators' }).waitFor();
});
