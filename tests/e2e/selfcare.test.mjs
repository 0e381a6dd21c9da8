// Self-care in the browser: a quick log in a few taps, yesterday repeated in two, and a
// private journal that the partner sees only while an entry is shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCouple } from '../support/server.mjs';
import { assertAccessible, layoutShift, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';

const env = withServerAndBrowser();
const dayBefore = (date) => new Date(Date.parse(`${date}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);

// Loads `path` and checks that nothing on it moved while it loaded.
async function assertSteady(page, path) {
  await page.goto(env.server.base + path);
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const shift = await layoutShift(page);
  assert.ok(shift < 0.01, `${path} shifted by ${shift.toFixed(3)}`);
}

// Waits for the answer to the next `method` request whose path ends with `path`.
const answer = (page, method, path) =>
  page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(path));

test('self-care: a walk and a meditation logged in a few taps, and yesterday repeated in two', async () => {
  const [alexApi] = await newCouple(env.server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
  const page = await signedInPage(env, alexApi);
  await page.goto(env.server.base + '/me');
  await page.getByRole('navigation', { name: 'Me' }).getByRole('link', { name: 'Self-care' }).click();
  await page.getByRole('heading', { name: 'Self-care', level: 1 }).waitFor();
  await page.getByText('Nothing logged yet.', { exact: false }).waitFor();
  await assertAccessible(page, 'self-care, empty');

  // A walk: Exercise, 30 minutes (already chosen), mood and energy as they stand; Save.
  await page.getByRole('radio', { name: 'Exercise' }).check();
  assert.equal(await page.getByRole('radio', { name: '30 min' }).isChecked(), true, '30 minutes to start with');
  await page.getByRole('group', { name: 'Mood' }).getByRole('radio', { name: '7' }).check();
  let saved = answer(page, 'POST', '/api/v1/selfcare/entries');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.equal((await saved).status(), 201);
  await page.getByText('Saved. Well done for making time for yourself.').waitFor();
  const list = page.getByTestId('selfcare-entries');
  await list.getByText('Exercise').waitFor();
  assert.match(await list.locator('li').first().textContent(), /Exercise · 30 min.*Today · mood 7\/10 · energy 5\/10/);

  // A meditation of 10 minutes; mood and energy start where the walk left them.
  await page.getByRole('radio', { name: 'Meditation' }).check();
  await page.getByRole('radio', { name: '10 min' }).check();
  assert.equal(await page.getByRole('group', { name: 'Mood' }).getByRole('radio', { name: '7' }).isChecked(), true);
  saved = answer(page, 'POST', '/api/v1/selfcare/entries');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.equal((await saved).status(), 201);
  await list.getByText('Meditation').waitFor();
  assert.equal(await list.locator('li').count(), 2);
  // Segments and kinds are big enough to tap.
  for (const box of [await page.getByRole('group', { name: 'Energy' }).locator('.segment span').first().boundingBox(),
    await page.locator('.kind-choice span').first().boundingBox()]) assert.ok(box.height >= 44, `${box.height}px tall`);
  await assertAccessible(page, 'self-care with entries');
  await snap(page, 'selfcare');

  // Yesterday's swim, logged earlier (through the API, with its date).
  const { today } = (await alexApi.get('/api/v1/selfcare/entries?limit=1')).body;
  await alexApi.post('/api/v1/selfcare/entries', { kind: 'own', label: 'Swim', minutes: 20, mood: 8, energy: 9, date: dayBefore(today) });
  await page.reload();
  const repeat = page.getByTestId('repeat');
  await repeat.getByText('Same as yesterday').waitFor();
  assert.match(await repeat.textContent(), /Swim, 20 min/);
  // Two taps: the repeat, then Save.
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(new URL(r.url()).pathname); });
  await repeat.click();
  saved = answer(page, 'POST', '/api/v1/selfcare/entries');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const created = await (await saved).json();
  assert.deepEqual([created.kind, created.label, created.minutes, created.mood, created.energy, created.date], ['own', 'Swim', 20, 8, 9, today]);
  assert.deepEqual(posts, ['/api/v1/selfcare/entries'], 'one request for the repeat');
  await list.locator('li').first().getByText('Swim').waitFor();
  assert.match(await list.locator('li').first().textContent(), /Swim · 20 min.*Today/);

  // Delete asks once.
  await list.locator('li').first().getByRole('button', { name: 'Delete Swim' }).click();
  await list.getByText("Delete this entry? This can't be undone.").waitFor();
  await list.getByRole('button', { name: 'Keep it' }).click();
  await list.locator('li').first().getByRole('button', { name: 'Delete Swim' }).click();
  const removed = answer(page, 'DELETE', '');
  await list.getByRole('button', { name: 'Delete', exact: true }).click();
  assert.equal((await removed).status(), 204);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="selfcare-entries"] li').length === 3);

  await assertSteady(page, '/me/selfcare');
  await page.context().close();
});

test('the journal: a private entry the partner cannot see, shared, then unshared', async () => {
  const [alexApi, samApi] = await newCouple(env.server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
  const alex = await signedInPage(env, alexApi);
  const sam = await signedInPage(env, samApi);
  await alex.goto(env.server.base + '/me');
  await alex.getByRole('navigation', { name: 'Me' }).getByRole('link', { name: 'Journal' }).click();
  await alex.getByRole('heading', { name: 'Journal', level: 1 }).waitFor();
  await alex.getByText('No entries yet.').waitFor();
  await assertAccessible(alex, 'journal, empty');

  await alex.getByRole('link', { name: 'Write an entry' }).click();
  await alex.getByRole('heading', { name: 'New entry', level: 1 }).waitFor();
  await assertAccessible(alex, 'a new journal entry');
  await alex.getByLabel('Title (optional)').fill('Sunday');
  const body = 'We walked by the river.\nI felt close to Sam again.';
  await alex.getByLabel("What's on your mind?").fill(body);
  // A failed save keeps every word.
  await alex.route('**/api/v1/journal/entries', (route) => (route.request().method() === 'POST'
    ? route.fulfill({ status: 503, contentType: 'application/problem+json', headers: { 'retry-after': '1' },
      body: JSON.stringify({ type: 'urn:rekindle:problem:unavailable', title: 'Unavailable', status: 503, detail: 'The server is busy. Please try again in a moment.' }) })
    : route.continue()));
  await alex.getByRole('button', { name: 'Save entry' }).click();
  await alex.getByText('The server is busy. Please try again in a moment.').waitFor();
  assert.equal(await alex.getByLabel("What's on your mind?").inputValue(), body, 'the draft survives the error');
  await alex.unroute('**/api/v1/journal/entries');
  await alex.getByRole('button', { name: 'Save entry' }).click();
  await alex.getByRole('heading', { name: 'Sunday', level: 1 }).waitFor();
  const id = new URL(alex.url()).pathname.split('/').pop();
  assert.equal(await alex.getByTestId('journal-body').textContent(), body);
  const share = alex.getByRole('switch', { name: 'Share this entry with Sam' });
  assert.equal(await share.getAttribute('aria-checked'), 'false', 'private to begin with');
  await alex.getByText('Only you can see this.').waitFor();
  await assertAccessible(alex, 'a journal entry');

  // Sam sees nothing of it.
  await sam.goto(env.server.base + '/me/journal');
  await sam.getByText("Alex hasn't shared any entries with you.").waitFor();
  assert.equal(await sam.getByText('Sunday').count(), 0);
  await sam.goto(env.server.base + `/me/journal/shared/${id}`);
  await sam.getByText('There is no such entry.').waitFor();

  // Shared: Sam reads it.
  const shared = answer(alex, 'PUT', '/share');
  await share.click();
  assert.equal((await shared).status(), 200);
  await alex.getByText('Sam can read this entry').waitFor();
  assert.equal(await share.getAttribute('aria-checked'), 'true');
  await snap(alex, 'journal-shared');
  await sam.goto(env.server.base + '/me/journal');
  await sam.getByTestId('shared-entries').getByRole('link', { name: 'Sunday' }).click();
  await sam.getByRole('heading', { name: 'Sunday', level: 1 }).waitFor();
  assert.equal(await sam.getByTestId('journal-body').textContent(), body);
  await sam.getByText('Alex chose to share this with you.').waitFor();
  await assertAccessible(sam, 'an entry shared with me');

  // "stop sharing": gone for Sam.
  const unshared = answer(alex, 'DELETE', '/share');
  await alex.getByRole('button', { name: 'stop sharing' }).click();
  assert.equal((await unshared).status(), 200);
  await alex.getByText('Only you can see this.').waitFor();
  assert.equal(await share.getAttribute('aria-checked'), 'false');
  await sam.reload();
  await sam.getByText('There is no such entry.').waitFor();
  await sam.goto(env.server.base + '/me/journal');
  await sam.getByText("Alex hasn't shared any entries with you.").waitFor();

  // Search, on request, over Alex's own entries.
  await alex.goto(env.server.base + '/me/journal');
  await alex.getByTestId('journal-entries').getByRole('link', { name: 'Sunday' }).waitFor();
  await alex.getByText('Searching only your own entries, on your request.', { exact: false }).waitFor();
  await alex.getByLabel('Search your journal').fill('RIVER');
  await alex.getByRole('button', { name: 'Search', exact: true }).click();
  const results = alex.getByTestId('search-results');
  await results.getByText('One entry matches.').waitFor();
  await results.getByRole('link', { name: 'Sunday' }).waitFor();
  await assertAccessible(alex, 'journal search');
  await snap(alex, 'journal');
  await alex.waitForLoadState('networkidle');

  // Deleting asks once and says what goes.
  await alex.goto(env.server.base + `/me/journal/${id}`);
  await alex.getByRole('button', { name: 'Delete entry' }).click();
  await alex.getByText("Delete this entry for good? This can't be undone.").waitFor();
  await alex.getByRole('button', { name: 'Delete entry' }).click();
  await alex.getByText('No entries yet.').waitFor();

  await assertSteady(alex, '/me/journal');
  await alex.context().close();
  await sam.context().close();
});
