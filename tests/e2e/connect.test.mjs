// Connect in two browsers: the daily question's reveal, the desire map showing only what
// both want, and a guided conversation both partners follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCouple } from '../support/server.mjs';
import { assertAccessible, signedInPage, snap, withServerAndBrowser } from '../support/browser.mjs';

const env = withServerAndBrowser();

async function couple() {
  const [alex, sam] = await newCouple(env.server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
  return [await signedInPage(env, alex), await signedInPage(env, sam)];
}

test('two partners answer the daily question and see the reveal', async () => {
  const [alex, sam] = await couple();
  await alex.goto(env.server.base + '/connect');
  await alex.getByRole('heading', { name: "Today's question", exact: true }).waitFor();
  await assertAccessible(alex, 'connect: today');
  const question = await alex.getByTestId('daily-question').textContent();
  await alex.getByLabel('Your answer').fill('Our walk by the river on Sunday.');
  await alex.getByRole('button', { name: 'Save my answer' }).click();
  await alex.getByText('Waiting for Sam').waitFor();

  await sam.goto(env.server.base + '/home');
  assert.equal(await sam.getByTestId('daily-question').textContent(), question, 'the same question on Home');
  await sam.getByText('Alex has answered. Answer to see what they wrote.').waitFor();
  assert.equal(await sam.getByText('Our walk by the river').count(), 0, 'not shown before Sam answers');
  await sam.getByLabel('Your answer').fill('Cooking together last night.');
  await sam.getByRole('button', { name: 'Save my answer' }).click();
  await sam.getByTestId('reveal').getByText('Our walk by the river on Sunday.').waitFor();
  await assertAccessible(sam, 'the reveal');
  await snap(sam, 'daily-reveal');

  // Alex's page updates live, without a reload.
  await alex.getByTestId('reveal').getByText('Cooking together last night.').waitFor();
});

test('marking desires shows only what both want', async () => {
  const [alex, sam] = await couple();
  await alex.goto(env.server.base + '/connect/desires');
  await alex.getByText('Nothing here yet.').waitFor();
  await assertAccessible(alex, 'desire map: matches');
  await alex.getByRole('link', { name: 'Mark your wishes' }).click();
  await alex.getByRole('heading', { name: 'Affection', exact: true }).waitFor();
  await assertAccessible(alex, 'desire map: marking');
  await snap(alex, 'desires-mark');
  const pick = async (page, item, answer) => {
    const saved = page.waitForResponse((r) => r.url().includes('/api/v1/desires/') && r.request().method() === 'PUT');
    await page.getByRole('radiogroup', { name: item }).getByRole('radio', { name: answer, exact: true }).check();
    assert.equal((await saved).status(), 200);
  };
  await pick(alex, 'Holding hands when we walk together', 'Yes');
  await pick(alex, 'Cuddling on the sofa', 'No');
  await alex.getByText('Saved', { exact: true }).first().waitFor();
  await alex.getByTestId('desire-progress').getByText('Part 1 of', { exact: false }).waitFor();
  await alex.getByRole('button', { name: 'Next: Romance' }).click();
  await alex.getByRole('heading', { name: 'Romance', exact: true }).waitFor();
  assert.equal(await alex.evaluate(() => document.activeElement.textContent), 'Connect', 'focus moves to the page heading');
  await pick(alex, 'Stargazing on a blanket', 'Maybe');

  await sam.goto(env.server.base + '/connect/desires/mark');
  await sam.getByRole('heading', { name: 'Affection', exact: true }).waitFor();
  await pick(sam, 'Holding hands when we walk together', 'Maybe');
  await pick(sam, 'Cuddling on the sofa', 'Yes');
  await sam.getByRole('button', { name: 'Next: Romance' }).click();
  await pick(sam, 'A picnic somewhere beautiful', 'Yes');
  await sam.getByRole('link', { name: 'What you both want' }).click();
  const list = sam.getByTestId('matches');
  await list.getByText('Holding hands when we walk together').waitFor();
  assert.deepEqual(await sam.getByTestId('matches').locator('li').allTextContents(), ['Holding hands when we walk together']);

  await alex.goto(env.server.base + '/connect/desires');
  await alex.getByTestId('matches').getByText('Holding hands when we walk together').waitFor();
  assert.deepEqual(await alex.getByTestId('matches').locator('li').allTextContents(), ['Holding hands when we walk together']);
  await snap(alex, 'desires-matches');
});

test('a guided conversation: both see the same step and whose turn it is', async () => {
  const [alex, sam] = await couple();
  await alex.goto(env.server.base + '/connect/conversations');
  await alex.getByRole('heading', { name: 'What makes you feel connected', exact: true }).waitFor();
  await assertAccessible(alex, 'conversation guides');
  await alex.getByRole('button', { name: 'Start' }).first().click();
  await alex.getByTestId('turn').getByText('Together').waitFor();
  await alex.getByRole('button', { name: 'Next step' }).click();
  await alex.getByTestId('turn').getByText('Your turn to speak').waitFor();
  // Notes start private; sharing one is a choice made each time.
  assert.equal(await alex.getByRole('switch', { name: 'Share this note with Sam' }).getAttribute('aria-checked'), 'false');
  await alex.getByLabel('Add a note').fill('Only for me: I was nervous');
  await alex.getByRole('button', { name: 'Save note' }).click();
  await alex.getByText('Only for me: I was nervous').waitFor();
  await alex.getByLabel('Add a note').fill('Sunday walks, phones away');
  await alex.getByRole('switch', { name: 'Share this note with Sam' }).click();
  await alex.getByRole('button', { name: 'Save note' }).click();
  await alex.getByText('Sunday walks, phones away').waitFor();
  assert.equal(await alex.getByRole('switch', { name: 'Share this note with Sam' }).getAttribute('aria-checked'), 'false', 'back to private after saving');
  await assertAccessible(alex, 'a conversation step');
  await snap(alex, 'conversation');

  await sam.goto(env.server.base + '/connect/conversations');
  await sam.getByRole('link', { name: 'What makes you feel connected' }).first().click();
  await sam.getByTestId('turn').getByText('Alex speaks — you listen').waitFor();
  await sam.getByText('Sunday walks, phones away').waitFor();
  assert.equal(await sam.getByText('Only for me: I was nervous').count(), 0, 'a private note stays private');
  // Alex moves on; Sam's screen follows live.
  await alex.getByRole('button', { name: 'Next step' }).click();
  await sam.getByTestId('turn').getByText('Your turn to speak').waitFor({ timeout: 5000 });
  // To the end: finishing is marked for the one who finishes and, live, for the other.
  while (await alex.getByRole('button', { name: 'Next step' }).count()) {
    const step = await alex.getByText(/^Step \d+ of/).textContent();
    await alex.getByRole('button', { name: 'Next step' }).click();
    await alex.getByText(/^Step \d+ of/).filter({ hasNotText: step }).waitFor();
  }
  await alex.getByRole('button', { name: 'Finish' }).click();
  await alex.getByTestId('moment').getByText('You did it — together').waitFor();
  await sam.getByTestId('moment').getByText('You did it — together').waitFor({ timeout: 5000 });
  await assertAccessible(alex, 'a finished conversation');
  await snap(alex, 'conversation-finished');
});

// Both partners' chat pages, open and empty.
async function openChats(alex, sam) {
  for (const page of [alex, sam]) await page.goto(env.server.base + '/connect/chat');
  for (const page of [alex, sam]) await page.getByText('Say hello').waitFor();
}

test('two partners chat live', async () => {
  const [alex, sam] = await couple();
  await openChats(alex, sam);
  await assertAccessible(alex, 'chat');
  await alex.getByLabel('Message to Sam').fill('Dinner at 7?');
  await alex.getByRole('button', { name: 'Send' }).click();
  await sam.getByTestId('chat').getByText('Dinner at 7?').waitFor({ timeout: 5000 });
  await sam.getByLabel('Message to Alex').fill('Yes! I will cook 🍝');
  await sam.getByLabel('Message to Alex').press('Enter');
  await alex.getByTestId('chat').getByText('Yes! I will cook 🍝').waitFor({ timeout: 5000 });
  await sam.getByText('Read by Alex').waitFor({ timeout: 5000 });
  await snap(alex, 'chat');
});

test('the partner sees “typing…” while one writes, and it goes when the message arrives', async () => {
  const [alex, sam] = await couple();
  await openChats(alex, sam);
  await alex.getByLabel('Message to Sam').pressSequentially('Are you', { delay: 30 });
  await sam.getByTestId('typing').getByText('Alex is typing…').waitFor({ timeout: 5000 });
  assert.equal(await alex.getByTestId('typing').textContent(), '', 'nobody sees their own typing');
  await alex.getByLabel('Message to Sam').press('Enter');
  await sam.getByTestId('chat').getByText('Are you').waitFor({ timeout: 5000 });
  await sam.getByTestId('typing').getByText('Alex is typing…').waitFor({ state: 'detached', timeout: 5000 });
  await assertAccessible(sam, 'chat with typing');
});

test('after the connection drops, the chat catches up by resume, without reloading the page', async () => {
  const [alex, sam] = await couple();
  // Alex's live connection goes through the test, which can cut it and hold the reconnect.
  const routes = [];
  const fromServer = [];
  let gate = Promise.resolve();
  await alex.routeWebSocket(/\/api\/v1\/live$/, async (page) => {
    await gate;
    const server = page.connectToServer();
    page.onMessage((m) => server.send(m));
    server.onMessage((m) => { fromServer.push(JSON.parse(m)); page.send(m); });
    routes.push({ page, server });
  });
  await openChats(alex, sam);
  await sam.getByLabel('Message to Alex').fill('Before the tunnel');
  await sam.getByLabel('Message to Alex').press('Enter');
  await alex.getByTestId('chat').getByText('Before the tunnel').waitFor({ timeout: 5000 });
  await alex.evaluate(() => { window.sameDocument = true; });

  let open;
  gate = new Promise((r) => { open = r; });
  const { page, server } = routes.at(-1);
  await page.close({ code: 1001, reason: 'test' }); // what a restarting proxy would say
  for (const text of ['In the tunnel', 'Still in the tunnel']) {
    await sam.getByLabel('Message to Alex').fill(text);
    await sam.getByLabel('Message to Alex').press('Enter');
    await sam.getByTestId('chat').getByText(text).waitFor();
  }
  await server.close();
  open();
  await alex.getByTestId('chat').getByText('Still in the tunnel').waitFor({ timeout: 15000 });
  await alex.getByTestId('chat').getByText('In the tunnel', { exact: true }).waitFor();
  assert.equal(await alex.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
  assert.equal(routes.length, 2, 'one reconnect');
  assert.ok(fromServer.some((f) => f.type === 'resumed'), 'the server replayed what was missed');
  assert.ok(!fromServer.some((f) => f.type === 'reload'));
});
