// The therapist's notes in the browser: written on the couple's page, changed, deleted
// after asking once, and downloaded as one JSON file; what was typed stays text. Then the
// same page in Spanish on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { newCouple } from '../support/server.mjs';
import { assertAccessible, newContext, snap, withServerAndBrowser } from '../support/browser.mjs';
import { careCouple } from '../support/care.mjs';

const env = withServerAndBrowser();

async function pageFor(client, viewport) {
  const context = await newContext(env.browser, { viewport, acceptDownloads: true });
  await context.addCookies([{ name: 'rekindle_session', value: client.token, url: env.server.base }]);
  return context.newPage();
}

test('a therapist writes, changes, deletes and exports notes on a couple', async () => {
  const [ana, bo] = await newCouple(env.server.base, { display_name: 'Ana' }, { display_name: 'Bo' });
  const { t, id } = await careCouple(env.server, [ana, bo], { ask: true, accept: true });

  const tp = await pageFor(t, { width: 1280, height: 800 });
  await tp.goto(`${env.server.base}/practice/couples/${id}/notes`);
  await tp.getByRole('heading', { name: 'Ana & Bo', level: 1 }).waitFor();
  await tp.getByText('Only you can read your notes: never Ana and Bo', { exact: false }).waitFor();
  const write = async (text) => {
    await tp.getByLabel('Note', { exact: true }).fill(text);
    await tp.getByRole('button', { name: 'Save the note' }).click();
    await tp.getByTestId('notes').getByText(text).waitFor();
  };
  await write('First session: <b>tense</b> about money.');
  await write('Second session: calmer.');
  const notes = tp.getByTestId('note');
  assert.equal(await notes.count(), 2);
  assert.equal(await tp.getByTestId('notes').locator('b').count(), 0, 'what was typed is text');

  // Change the older one (newest first).
  const first = notes.nth(1);
  await first.getByRole('button', { name: 'Change' }).click();
  await first.getByLabel('Note', { exact: true }).fill('First session: tense about money; both want to save for a home.');
  await first.getByRole('button', { name: 'Save the note' }).click();
  await tp.getByTestId('notes').getByText('both want to save for a home').waitFor();
  await tp.getByTestId('notes').getByText(/changed/).waitFor();

  // Delete the newer one, after being asked.
  const second = notes.filter({ hasText: 'Second session' });
  await second.getByRole('button', { name: 'Delete' }).click();
  await second.getByText('Delete this note for good? It can\'t be brought back.').waitFor();
  await assertAccessible(tp, 'practice: notes');
  await snap(tp, 'notes-laptop');
  await second.getByRole('button', { name: 'Delete' }).click();
  await tp.getByTestId('notes').getByText('Second session').waitFor({ state: 'detached' });
  assert.equal(await notes.count(), 1);

  // Every note, as one file.
  const [download] = await Promise.all([tp.waitForEvent('download'), tp.getByRole('link', { name: 'Download all my notes (JSON)' }).click()]);
  assert.equal(download.suggestedFilename(), 'notes.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(exported.notes.map((n) => [n.couple, n.text]), [[id, 'First session: tense about money; both want to save for a home.']]);

  // In Spanish, on a phone.
  assert.equal((await t.patch('/api/v1/me', { language: 'es' })).status, 200);
  const phone = await pageFor(t, { width: 360, height: 760 });
  await phone.goto(`${env.server.base}/practice/couples/${id}/notes`);
  await phone.getByRole('heading', { name: 'Una nota nueva' }).waitFor();
  await phone.getByRole('link', { name: 'Compartido contigo' }).waitFor();
  await phone.getByTestId('notes').getByText('both want to save for a home', { exact: false }).waitFor();
  const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `notes: ${scroll}px wide on a ${width}px screen`);
  await snap(phone, 'notes-phone-es');
});
