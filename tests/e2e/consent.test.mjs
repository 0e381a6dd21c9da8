// Consent in the browser: a partner shares her triangle results with the therapist, who
// sees them as a chart on the couple's page; the partner finds that look in "who saw
// what, when"; she stops sharing and the therapist's page says plainly that nothing is
// shared. The partner on a 360-px phone, the therapist on a laptop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCouple, root } from '../support/server.mjs';
import { assertAccessible, newContext, snap, withServerAndBrowser } from '../support/browser.mjs';
import { careCouple } from '../support/care.mjs';

const env = withServerAndBrowser();

const short = JSON.parse(readFileSync(join(root, 'content/instruments/triangle-short.json'), 'utf8'));
const triangleAnswers = (v) => Object.fromEntries(short.items.map((i) => [i.id, i.reverse ? 10 - v : v]));

async function pageFor(client, viewport) {
  const context = await newContext(env.browser, { viewport });
  await context.addCookies([{ name: 'rekindle_session', value: client.token, url: env.server.base }]);
  return context.newPage();
}

test('a partner shares her triangle, the therapist sees the chart, she sees the look, withdraws, and nothing is shown', async () => {
  const [ana, bo] = await newCouple(env.server.base, { display_name: 'Ana' }, { display_name: 'Bo' });
  const { t, id } = await careCouple(env.server, [ana, bo], { ask: true, accept: true });
  for (const v of [4, 7]) {
    const r = await ana.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: triangleAnswers(v) });
    assert.equal(r.status, 201, r.text);
  }

  // Ana: from Care to what she shares; nothing is, until she says so.
  const ap = await pageFor(ana, { width: 360, height: 760 });
  await ap.goto(env.server.base + '/care');
  await ap.getByRole('link', { name: 'What Dana Reyes sees' }).click();
  await ap.getByRole('heading', { name: 'What you share', level: 1 }).waitFor();
  const triangle = ap.getByRole('switch', { name: 'My triangle results' });
  assert.equal(await triangle.getAttribute('aria-checked'), 'false');
  assert.equal(await ap.getByRole('switch').count(), 5);
  await ap.getByText('Nothing yet: you haven\'t shared anything.').waitFor();
  await triangle.click();
  await ap.getByText(/Dana Reyes has been able to see this since/).waitFor();
  assert.equal(await triangle.getAttribute('aria-checked'), 'true');
  await ap.getByTestId('consent-log').getByText('You shared your triangle results.').waitFor();
  await assertAccessible(ap, 'consent: sharing');
  const [scroll, width] = await ap.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `consent: ${scroll}px wide on a ${width}px screen`);
  await snap(ap, 'consent-phone');

  // The therapist: who shares what, and Ana's checks as a chart; Bo's nothing.
  const tp = await pageFor(t, { width: 1280, height: 800 });
  await tp.goto(`${env.server.base}/practice/couples/${id}`);
  await tp.getByRole('link', { name: 'Shared with you' }).click();
  await tp.getByTestId('shares').getByText('Ana shares: Triangle results.').waitFor();
  await tp.getByTestId('shares').getByText('Bo shares nothing with you right now.').waitFor();
  const chart = tp.getByTestId('shared-triangle');
  await chart.locator('section[data-person="Ana"] svg[data-component="intimacy"] polyline').waitFor();
  assert.equal(await chart.locator('section').count(), 1, 'only the partner who shares is shown');
  assert.equal(await chart.locator('svg[data-component="intimacy"] circle.trend__dot').count(), 2);
  // From 4 to 7 is beyond measurement noise: ringed, and the page says what a ring means.
  assert.equal(await chart.locator('svg[data-component="intimacy"] circle.trend__reliable').count(), 1);
  await chart.getByText('A ring marks a change since the previous check beyond measurement noise.').waitFor();
  await assertAccessible(tp, 'practice: shared results');
  await snap(tp, 'consent-therapist-laptop');

  // Ana finds that look in her log.
  await ap.reload();
  await ap.getByTestId('consent-log').getByText('Dana Reyes looked at your triangle results.').waitFor();

  // She stops sharing: at once, the therapist's page has nothing of hers.
  await ap.getByRole('switch', { name: 'My triangle results' }).click();
  await ap.getByText('Only you see this.').first().waitFor();
  await ap.getByTestId('consent-log').getByText('You stopped sharing your triangle results.').waitFor();
  await tp.reload();
  await tp.getByTestId('shared-nothing').getByText('Nothing is shared with you right now.', { exact: false }).waitFor();
  await tp.getByTestId('shares').getByText('Ana shares nothing with you right now.').waitFor();
  assert.equal(await tp.getByTestId('shared-triangle').count(), 0);
  await snap(tp, 'consent-therapist-nothing');
});
