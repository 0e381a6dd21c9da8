// Outcomes in the browser: before her session Ana (on a phone) is asked six statements
// from Care, must answer each, and sees her score in words; the short triangle check is
// offered because she has none. After two more answers between sessions she shares them,
// and her therapist (on a laptop) sees her course on the couple's page — the shaded band
// below the line, a ring for each change beyond noise, the verdict, a table of the same
// numbers — and downloads it as a FHIR Bundle. Bo, who shares nothing, shows nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, advanceClock, setClock, root } from '../support/server.mjs';
import { assertAccessible, launch, newContext, snap } from '../support/browser.mjs';
import { bookedSession } from '../support/care.mjs';

// The clock is moved between answers, so this file runs a server with test hooks.
const env = {};
before(async () => {
  env.server = await startServer({ testHooks: true });
  env.browser = await launch();
});
after(async () => {
  await env.browser?.close();
  await env.server?.stop();
});

const measure = JSON.parse(readFileSync(join(root, 'content/instruments/satisfaction.json'), 'utf8'));
const answers = (v) => Object.fromEntries(measure.items.map((i) => [i.id, i.reverse ? 8 - v : v]));

async function pageFor(client, viewport) {
  const context = await newContext(env.browser, { viewport, acceptDownloads: true });
  await context.addCookies([{ name: 'rekindle_session', value: client.token, url: env.server.base }]);
  return context.newPage();
}

test('a partner answers before her session; her therapist sees the course with reliable change and exports FHIR', async () => {
  const { t, a: ana, id } = await bookedSession(env.server);

  // Ana, from Care: the card, then the statements on one page.
  const ap = await pageFor(ana, { width: 360, height: 760 });
  await ap.goto(env.server.base + '/care');
  await ap.getByRole('heading', { name: 'Before your session', level: 2 }).waitFor();
  await ap.getByRole('link', { name: 'Answer six statements' }).click();
  await ap.getByRole('heading', { name: 'How your relationship feels', level: 1 }).waitFor();
  await ap.getByText('Take the short check').waitFor();  // no triangle check yet
  assert.equal(await ap.getByRole('group').count(), 6);
  // Sending with one statement left names it and keeps the answers.
  for (const item of measure.items.slice(0, 5)) {
    await ap.getByRole('group', { name: item.text.en }).getByRole('radio', { name: item.reverse ? '5' : '3', exact: true }).check();
  }
  await ap.getByRole('button', { name: 'Save my answers' }).click();
  await ap.getByText('Choose an answer for this one too.').waitFor();
  assert.equal(await ap.getByText('Choose an answer for this one too.').count(), 1);
  const last = measure.items[5];
  await ap.getByRole('group', { name: last.text.en }).getByRole('radio', { name: '3', exact: true }).check();
  await assertAccessible(ap, 'outcomes: the statements');
  const [scroll, width] = await ap.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `outcomes: ${scroll}px wide on a ${width}px screen`);
  await snap(ap, 'outcomes-phone-form');
  await ap.getByRole('button', { name: 'Save my answers' }).click();
  await ap.getByRole('heading', { name: 'Thank you: your answers are saved.' }).waitFor();
  assert.equal(await ap.evaluate(() => document.activeElement?.textContent), 'Thank you: your answers are saved.');
  await ap.getByText('3.0 out of 7').first().waitFor();
  await ap.getByText(/^Things feel hard right now/).first().waitFor();
  await snap(ap, 'outcomes-phone-saved');

  // Two more answers between sessions, days apart.
  try {
    await advanceClock(env.server, 3 * 86400000);
    assert.equal((await ana.post('/api/v1/care/outcomes', { answers: answers(4) })).status, 201);
    await advanceClock(env.server, 86400000);
    assert.equal((await ana.post('/api/v1/care/outcomes', { answers: answers(6) })).status, 201);
  } finally {
    await setClock(env.server, new Date().toISOString());
  }

  // Before Ana shares, her therapist's page says so plainly.
  const tp = await pageFor(t, { width: 1280, height: 800 });
  await tp.goto(`${env.server.base}/practice/couples/${id}`);
  await tp.getByRole('link', { name: 'Outcomes' }).click();
  await tp.getByText('Neither partner shares their answers before sessions with you right now.').waitFor();

  // Ana shares them from her consent page.
  await ap.goto(env.server.base + '/care/consent');
  await ap.getByRole('switch', { name: 'My answers before sessions' }).click();
  await ap.getByText(/Dana Reyes has been able to see this since/).first().waitFor();

  await tp.reload();
  await tp.getByText('Recovered: a reliable rise since the first answer, and now above the line.').waitFor();
  assert.equal(await tp.locator('.outcome-chart__dot').count(), 3);
  // 3 -> 4 is within noise (1.0 < 1.05); 4 -> 6 is beyond it.
  assert.equal(await tp.locator('.outcome-chart__reliable').count(), 1);
  assert.equal(await tp.locator('.outcome-chart__below').count(), 1);
  assert.equal(await tp.locator('.outcome-table tbody tr').count(), 3);
  await tp.getByRole('cell', { name: '+1.0, within noise' }).waitFor();
  await tp.getByRole('cell', { name: '+2.0, beyond noise' }).waitFor();
  await tp.getByText('Bo does not share their answers with you right now.').waitFor();
  await tp.getByText(/These figures are provisional/).waitFor();
  await assertAccessible(tp, 'practice: outcomes');
  await snap(tp, 'outcomes-therapist-laptop');

  // The FHIR download.
  const [download] = await Promise.all([tp.waitForEvent('download'), tp.getByRole('link', { name: 'Download for your records (FHIR)' }).click()]);
  const bundle = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.entry.length, 6);

  // Ana finds both looks in her log.
  await ap.reload();
  await ap.getByTestId('consent-log').getByText('Dana Reyes looked at your answers before sessions.').first().waitFor();
  await ap.getByTestId('consent-log').getByText('Dana Reyes downloaded a copy of your answers before sessions for their records.').waitFor();
});
