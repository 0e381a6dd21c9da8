// Your weeks in the browser: a person sees their self-care, evenings together, closeness
// and triangle drawn week by week beside their triangle, each chart with its numbers in
// words and the weeks as a table; what went together is worded as such, never as a cause;
// and the partner's page shows nothing of theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCouple, root } from '../support/server.mjs';
import { assertAccessible, layoutShift, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';

const env = withServerAndBrowser();
const short = JSON.parse(readFileSync(join(root, 'content/instruments/triangle-short.json'), 'utf8'));
const answers = (by) => Object.fromEntries(short.items.map((i) => [i.id, i.reverse ? 10 - by[i.subscale] : by[i.subscale]]));
const daysAgo = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);

test('seeing the charts: a week of self-care, evenings and the triangle, side by side', async () => {
  const [alexApi, samApi] = await newCouple(env.server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
  // Four weeks of self-care, a week apart: more minutes went with a better mood.
  for (const [ago, minutes, mood] of [[21, 30, 4], [14, 60, 5], [7, 120, 8], [0, 150, 7]]) {
    const r = await alexApi.post('/api/v1/selfcare/entries', { kind: 'exercise', minutes, mood, energy: 5, date: daysAgo(ago) });
    assert.equal(r.status, 201, r.text);
  }
  // Evenings every night from the day before yesterday; Alex felt close after the first.
  const start = new Date(Date.now() - 47 * 3600000).toISOString().slice(0, 16);
  const plan = (await alexApi.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: start })).body;
  assert.equal((await samApi.post(`/api/v1/together/plans/${plan.id}/accept`)).status, 200);
  const reflected = await alexApi.put(`/api/v1/together/plans/${plan.id}/occurrences/${start}/reflection`, { happened: true, closeness: 8 });
  assert.equal(reflected.status, 200, reflected.text);
  await alexApi.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: answers({ intimacy: 7, passion: 5, commitment: 8 }) });

  const page = await signedInPage(env, alexApi);
  await page.goto(env.server.base + '/me');
  const card = page.getByRole('region', { name: 'Your weeks' });
  await card.waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(await layoutShift(page) < 0.01, 'the page holds still while the weeks arrive');
  // The triangle comes first, the weeks beside it below.
  assert.ok(await page.getByTestId('kind-of-love').isVisible());

  const chart = (id) => card.getByTestId(id).getByRole('img');
  assert.match(await chart('chart-minutes').getAttribute('aria-label'), /^Self-care minutes, week by week from .+: 0, 0, 0, 0, 30, 60, 120,? and 150$/);
  assert.match(await chart('chart-mood').getAttribute('aria-label'), /mood 4, energy 5.*mood 7, energy 5$/);
  assert.match(await chart('chart-evenings').getAttribute('aria-label'), /(1|2) of (1|2)/);
  assert.match(await chart('chart-closeness').getAttribute('aria-label'), /\b8\b/);
  assert.match(await chart('chart-triangle').getAttribute('aria-label'), /Intimacy 7\.0, Passion 5\.0,? and Commitment 8\.0$/);
  assert.equal(await card.locator('rect.bar').count() >= 4, true, 'bars drawn');

  const said = await card.getByTestId('comparisons').textContent();
  assert.match(said, /In the 2 weeks with at least 91 minutes of self-care, your mood averaged 7\.5; in the other 2 weeks, 4\.5\./);
  assert.match(await card.textContent(), /not what caused what/);

  // The weeks as a table, for anyone who would rather read.
  await card.getByText('The weeks as a table').click();
  const rows = card.locator('tbody tr');
  assert.equal(await rows.count(), 8);
  assert.match(await rows.last().textContent(), /150.*7.*5/);
  await assertAccessible(page, 'your weeks');
  await snap(page, 'insights');

  // Six months: the same charts over 26 weeks.
  const loaded = page.waitForResponse((r) => r.url().includes('/api/v1/me/insights?weeks=26'));
  await card.getByRole('radio', { name: '6 months' }).check();
  assert.equal((await loaded).status(), 200);
  await card.locator('tbody tr').nth(25).waitFor();
  assert.equal(await card.locator('tbody tr').count(), 26);
  await page.context().close();

  // Sam's weeks: the evenings they share, none of Alex's self-care, closeness or triangle.
  const sam = await signedInPage(env, samApi);
  await sam.goto(env.server.base + '/me');
  const samCard = sam.getByRole('region', { name: 'Your weeks' });
  await samCard.waitFor();
  assert.match(await samCard.getByTestId('chart-minutes').getByRole('img').getAttribute('aria-label'), /: 0, 0, 0, 0, 0, 0, 0,? and 0$/);
  assert.doesNotMatch(await samCard.getByTestId('chart-closeness').getByRole('img').getAttribute('aria-label'), /\b8\b/);
  assert.equal(await samCard.getByTestId('chart-triangle').count(), 0);
  assert.equal(await samCard.getByTestId('comparisons').count(), 0);
  await sam.context().close();
});
