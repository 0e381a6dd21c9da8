// Together time in two browsers: one proposes a nightly time and the other accepts it
// live; the phones-down timer both see; reflecting afterwards (also while offline); the
// week drawn; the calendar address shown once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCouple } from '../support/server.mjs';
import { assertAccessible, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';

const env = withServerAndBrowser();

test('propose a nightly time; the partner accepts it live', async () => {
  const [ana, leo] = await newCouple(env.server.base, { display_name: 'Ana' }, { display_name: 'Leo' });
  const a = await signedInPage(env, ana);
  const l = await signedInPage(env, leo);
  await a.goto(env.server.base + '/together');
  await a.getByRole('heading', { name: 'Set aside time together' }).waitFor();
  await assertAccessible(a, 'together: propose');
  await snap(a, 'together-propose');
  await a.getByLabel('Every night').check();
  await a.getByLabel('Time', { exact: true }).fill('21:30');
  await a.getByRole('button', { name: 'Propose to Leo' }).click();
  await a.getByRole('heading', { name: 'You proposed this to Leo' }).waitFor();

  await l.goto(env.server.base + '/together');
  const proposal = l.getByTestId('proposal');
  await proposal.getByText('Every night at', { exact: false }).waitFor();
  assert.match(await proposal.textContent(), /9:30|21:30/);
  await assertAccessible(l, 'together: a proposal');
  await proposal.getByRole('button', { name: 'Accept' }).click();
  await l.getByTestId('plan').getByText('Every night at', { exact: false }).waitFor();
  // Ana's page follows without a reload.
  await a.getByTestId('plan').getByText('Every night at', { exact: false }).waitFor();
  await a.getByTestId('tonight').waitFor();

  // Skip one evening, then put it back.
  const second = a.locator('.evening').first();
  const when = (await second.locator('span').first().textContent()).trim();
  await second.getByRole('button', { name: `Skip ${when}` }).click();
  await a.getByTestId('skipped').getByText(when, { exact: false }).waitFor();
  await l.getByTestId('skipped').getByText(when, { exact: false }).waitFor();  // live on Leo's page too
  await a.getByTestId('skipped').getByRole('button', { name: `Put ${when} back as planned` }).click();
  await a.getByTestId('skipped').waitFor({ state: 'detached' });
  await a.context().close();
  await l.context().close();
});

test('we\'re starting: both see the timer; we did it; both reflect; the week shows it', async () => {
  const [ana, leo] = await newCouple(env.server.base, { display_name: 'Ana' }, { display_name: 'Leo' });
  const start = new Date(Date.now() - 5 * 60000).toISOString().slice(0, 16);
  const plan = (await ana.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: start })).body;
  assert.equal((await leo.post(`/api/v1/together/plans/${plan.id}/accept`)).status, 200);
  const a = await signedInPage(env, ana);
  const l = await signedInPage(env, leo);
  // Leo's page hears live events once its connection said hello (an event published
  // while the page is still connecting is not replayed to it).
  const leoLive = new Promise((resolve) => l.on('websocket', (ws) => ws.on('framereceived', (f) => {
    if (String(f.payload).includes('"type":"hello"')) resolve();
  })));
  await a.goto(env.server.base + '/home');
  await l.goto(env.server.base + '/together');
  await leoLive;
  await a.getByTestId('tonight').getByRole('button', { name: "We're starting" }).click();
  const timer = a.getByTestId('timer');
  await timer.getByRole('heading', { name: 'Phones down' }).waitFor();
  await l.getByTestId('timer').getByRole('timer').waitFor();  // live, no reload
  assert.match(await l.getByTestId('timer').getByRole('timer').textContent(), /^\d\d:\d\d$/);
  await l.getByTestId('timer').getByRole('button', { name: 'Quick exit' }).waitFor();  // still one tap away
  assert.equal(await a.evaluate(() => document.activeElement?.textContent), 'Phones down', 'focus moves into the timer');
  await assertAccessible(l, 'phones down');
  await snap(l, 'together-timer');
  await l.getByTestId('timer').getByRole('button', { name: 'We did it' }).click();
  await a.getByText('You did it.', { exact: false }).waitFor();

  // Reflect: Ana first (Leo sees only that she did), then Leo (both see each other's number).
  await a.goto(env.server.base + '/together');
  const mine = a.getByTestId('reflect').first();
  await mine.getByLabel('Yes').check();
  await mine.getByRole('button', { name: '8', exact: true }).click();
  await mine.getByLabel('A note (optional)').fill('The walk was lovely.');
  await mine.getByText('Only you can see this note.').waitFor();
  await mine.getByRole('button', { name: 'Save' }).click();
  await mine.getByText('Your reflection is saved.').waitFor();
  await l.getByTestId('reflect').first().getByText('Ana has reflected.', { exact: false }).waitFor();
  assert.equal(await l.getByText('The walk was lovely.').count(), 0, 'the note stays Ana\'s');
  const his = l.getByTestId('reflect').first();
  await his.getByLabel('Yes').check();
  await his.getByRole('button', { name: '6', exact: true }).click();
  await his.getByRole('button', { name: 'Save' }).click();
  await his.getByText('Ana felt 8 of 10 close.').waitFor();
  await a.getByTestId('reflect').first().getByText('Leo felt 6 of 10 close.').waitFor();
  await assertAccessible(a, 'together: reflected');

  // The week as a row of days, with this evening met; no guilt wording anywhere.
  const week = a.getByTestId('week');
  assert.ok((await week.locator('.week__day--met').count()) >= 1);
  assert.match(await week.textContent(), /1 of \d+ evenings? so far this week/);
  assert.ok(!/failed|broke|you missed|lost your/i.test(await a.locator('main').textContent()));
  await snap(a, 'together-week');

  // The calendar address: shown once, with how to add it.
  await a.getByRole('button', { name: 'Make my calendar address' }).click();
  const url = await a.getByTestId('feed-url').getByRole('textbox').inputValue();
  assert.match(url, /\/cal\/[A-Za-z0-9_-]{43}\.ics$/);
  const ics = await (await fetch(url)).text();
  assert.ok(ics.includes('BEGIN:VCALENDAR') && ics.includes('SUMMARY:Evening time'));
  await a.reload();
  await a.getByText('Your calendar address works.', { exact: false }).waitFor();
  assert.equal(await a.getByTestId('feed-url').count(), 0, 'not shown again');
  await a.context().close();
  await l.context().close();
});

test('a reflection saved while offline waits on the page and is sent when rekindle is back, unless asked not to', async () => {
  const [ana, leo] = await newCouple(env.server.base, { display_name: 'Ana' }, { display_name: 'Leo' });
  const start = new Date(Date.now() - 60 * 60000).toISOString().slice(0, 16);
  const plan = (await ana.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: start })).body;
  assert.equal((await leo.post(`/api/v1/together/plans/${plan.id}/accept`)).status, 200);
  const mineOnServer = async () => (await ana.get('/api/v1/together')).body.to_reflect.find((e) => e.occurrence === start).reflection.mine;
  const a = await signedInPage(env, ana);
  await a.goto(env.server.base + '/together');
  const card = a.getByTestId('reflect').first();
  await card.getByLabel('Yes').check();
  await card.getByRole('button', { name: '7', exact: true }).click();

  await a.context().setOffline(true);
  await card.getByRole('button', { name: 'Save' }).click();
  await card.getByTestId('reflection-waiting').waitFor();
  assert.equal(await mineOnServer(), null, 'nothing sent yet');
  await a.evaluate(() => window.scrollTo(0, 0));  // nothing under the bottom bar
  await assertAccessible(a, 'together: reflection waiting');
  await a.context().setOffline(false);
  await card.getByText('Your reflection is saved.').waitFor({ timeout: 30000 });
  assert.equal((await mineOnServer()).closeness, 7);

  // Changed while offline again, then "don't send it": the change stays on the page only.
  await card.getByRole('button', { name: 'Change it' }).click();
  await card.getByRole('button', { name: '3', exact: true }).click();
  await a.context().setOffline(true);
  await card.getByRole('button', { name: 'Save' }).click();
  await card.getByTestId('reflection-waiting').waitFor();
  await card.getByRole('button', { name: "Don't send it" }).click();
  await card.getByText("We can't reach rekindle right now.", { exact: false }).waitFor();
  assert.equal(await card.getByTestId('reflection-waiting').count(), 0);
  assert.equal(await card.getByRole('button', { name: '3', exact: true }).getAttribute('aria-pressed'), 'true', 'what was chosen stays');
  await a.context().setOffline(false);
  await a.waitForTimeout(3000);
  assert.equal((await mineOnServer()).closeness, 7, 'the change was not sent');
  await a.context().close();
});
