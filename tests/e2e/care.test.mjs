// Care in the browser: a partner takes the private check and answers for matching, the
// couple's matches show why each therapist fits, the partner asks one; the therapist
// takes the couple on and opens sessions together; the partner books a session together,
// which the other partner sees in their own time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCouple } from '../support/server.mjs';
import { assertAccessible, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';
import { approvedTherapist, getReady } from '../support/care.mjs';

const env = withServerAndBrowser();

test('a couple in two time zones finds a therapist, who takes them on, and books a session together', async () => {
  const therapist = await approvedTherapist(env.server, { full_name: 'Dana Reyes' });
  const [ana, bo] = await newCouple(env.server.base, { display_name: 'Ana', time_zone: 'America/Los_Angeles' },
    { display_name: 'Bo', time_zone: 'America/New_York' });
  await getReady(bo, { where: 'US-NY', time_zone: 'America/New_York' });

  // Ana: Care is a place of its own; the private check comes first.
  const page = await signedInPage(env, ana);
  await page.goto(env.server.base + '/home');
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Care' }).click();
  await page.getByRole('heading', { name: 'Care', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Start the check' }).click();
  await page.getByRole('heading', { name: 'A private check, just for you', level: 1 }).waitFor();
  const form = page.getByTestId('check-form');
  const questions = form.locator('fieldset');
  assert.equal(await questions.count(), 7);
  await assertAccessible(page, 'care: the private check');
  for (let i = 0; i < 7; i++) await questions.nth(i).locator('input[type=radio]').first().check();
  await page.getByRole('button', { name: 'Send my answers' }).click();
  await page.getByRole('heading', { name: 'Thank you', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Back to Care' }).click();

  // Her answers for matching.
  const q = page.getByTestId('questions-form');
  await q.getByLabel('Country code').fill('US');
  await q.getByLabel('Region code (if your country licenses by region)').fill('US-CA');
  await q.getByRole('checkbox', { name: 'English' }).check();
  await q.getByRole('checkbox', { name: 'Weekday afternoons' }).check();
  await q.getByRole('button', { name: 'Save my answers' }).click();
  await page.getByText("You've answered.").waitFor();

  // The matches, with their reasons; she asks.
  const matches = page.getByTestId('matches');
  await matches.getByText('Dana Reyes').first().waitFor({ timeout: 15000 });
  await matches.getByText('Licensed in US-CA').first().waitFor();
  await matches.getByText('Licensed in US-NY').first().waitFor();
  await assertAccessible(page, 'care: matches');
  await snap(page, 'care-matches');
  await page.getByRole('button', { name: 'Ask Dana Reyes' }).click();
  await page.getByText('Waiting for Dana Reyes to answer.').waitFor();

  // The therapist takes them on and opens sessions together.
  const tp = await signedInPage(env, therapist);
  await tp.goto(env.server.base + '/practice/couples');
  await tp.getByTestId('requests').getByText('Ana & Bo').waitFor();
  await tp.getByRole('button', { name: 'Take them on' }).click();
  const accepted = tp.getByTestId('accepted');
  await accepted.getByText('check taken').first().waitFor();
  await accepted.getByRole('button', { name: 'Open sessions together' }).click();
  await tp.getByText('Sessions together are open.').waitFor();
  await assertAccessible(tp, 'practice: couples');

  // Ana books a session for both of them.
  await page.reload();
  await page.getByRole('heading', { name: 'Your therapist' }).waitFor();
  assert.equal(await page.getByRole('radio', { name: 'Both of us' }).isChecked(), true);
  // A time more than a day ahead, so that it can still be moved.
  await page.getByTestId('slots').getByRole('button').nth(9).click();
  await page.getByText(/^Booked:/).waitFor();
  await page.getByTestId('sessions').getByText('Both of us').waitFor();
  const booked = (await ana.get('/api/v1/care/bookings')).body.sessions[0].starts_at;
  // Moved to another free time (more than a day ahead, inside the therapist's window).
  await page.getByRole('button', { name: 'Move' }).click();
  await page.getByText(/^Choose a new time/).waitFor();
  await page.getByTestId('slots').getByRole('button').nth(20).click();
  await page.getByText(/^Moved to/).waitFor();
  assert.notEqual((await ana.get('/api/v1/care/bookings')).body.sessions[0].starts_at, booked);
  await snap(page, 'care-booked');

  // Bo sees it, on his own clock; the therapist has it in the schedule.
  const mine = (await ana.get('/api/v1/care/bookings')).body.sessions[0];
  const his = (await bo.get('/api/v1/care/bookings')).body.sessions[0];
  assert.equal(his.id, mine.id);
  assert.equal(his.kind, 'joint');
  assert.notEqual(his.local_start, mine.local_start);
  await tp.goto(env.server.base + '/practice/schedule');
  await tp.getByTestId('schedule').getByText('Ana & Bo').waitFor();
});
