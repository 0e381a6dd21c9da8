// The couple room in the browser: the therapist writes a policy on secrets; a partner
// reads and acknowledges it before the room opens; she writes in the joint thread, which
// her partner sees live, and in her private thread, which he never sees; the therapist
// sees both, answers, and the partner sees it read and answered; a picture is attached
// and shown; markup someone typed stays text; unread counts come and go; a changed
// policy is asked again; an ended room is read-only. Ana on a 360-px phone, the
// therapist on a laptop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCouple } from '../support/server.mjs';
import { assertAccessible, newContext, snap, withServerAndBrowser } from '../support/browser.mjs';
import { careCouple } from '../support/care.mjs';
import { gradientPng } from '../support/png.mjs';

const env = withServerAndBrowser();

const PHONE = { width: 360, height: 760 };
const LAPTOP = { width: 1280, height: 800 };

async function pageFor(client, viewport) {
  const context = await newContext(env.browser, { viewport });
  await context.addCookies([{ name: 'rekindle_session', value: client.token, url: env.server.base }]);
  return context.newPage();
}

// Nothing wider than the screen.
async function assertNoSidewaysScroll(page, label) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${label}: ${scroll}px wide on a ${width}px screen`);
}

const messages = (page) => page.getByTestId('room-messages');

test('the room: the policy first, a joint thread seen live, a private one the partner never sees, the therapist answering', async () => {
  const [ana, bo] = await newCouple(env.server.base, { display_name: 'Ana' }, { display_name: 'Bo' });
  const { t, id } = await careCouple(env.server, [ana, bo], { ask: true, accept: true });

  // The therapist writes the policy on secrets on their own page.
  const tp = await pageFor(t, LAPTOP);
  await tp.goto(env.server.base + '/practice/policy');
  await tp.getByRole('heading', { name: 'Your policy on secrets', level: 1 }).waitFor();
  await tp.getByLabel('Your policy').fill('What you tell me alone stays between us,\nunless someone is in danger.');
  await tp.getByRole('button', { name: 'Save the policy' }).click();
  await tp.getByText('Saved as version 1.').waitFor();
  await tp.getByTestId('policy-version').getByText('Version 1').waitFor();
  await assertAccessible(tp, 'practice: policy');
  await snap(tp, 'room-policy-laptop');

  // Ana: from Care to the room, which shows the policy and nothing else until she has read it.
  const ap = await pageFor(ana, PHONE);
  await ap.goto(env.server.base + '/care');
  await ap.getByRole('heading', { name: 'Your room with Dana Reyes' }).waitFor();
  await ap.getByRole('link', { name: 'Open the room' }).click();
  await ap.getByRole('heading', { name: 'Before you start: how Dana Reyes handles secrets' }).waitFor();
  assert.equal(await ap.getByTestId('policy').innerText(), 'What you tell me alone stays between us,\nunless someone is in danger.');
  assert.equal(await ap.getByTestId('room-thread').count(), 0, 'no thread before the policy is read');
  await assertAccessible(ap, 'room: the policy first');
  await assertNoSidewaysScroll(ap, 'room: the policy first');
  await snap(ap, 'room-policy-gate-phone');
  await ap.getByRole('button', { name: "I've read it" }).click();
  await ap.getByRole('link', { name: 'All three of you' }).waitFor();
  await ap.getByText('You, Bo and Dana Reyes read this thread.').waitFor();

  // Bo has read it too (through the API), and has the joint thread open.
  assert.equal((await bo.post('/api/v1/room/acknowledge', { version: 1 })).status, 200);
  const bp = await pageFor(bo, PHONE);
  await bp.goto(env.server.base + '/care/room');
  await messages(bp).getByText('Nothing here yet.').waitFor();

  // Ana writes in the joint thread: Bo sees it without reloading.
  await ap.getByLabel('Write to Bo and Dana Reyes').fill('Hello both, glad we started.');
  await ap.getByRole('button', { name: 'Send' }).click();
  await messages(ap).getByText('Hello both, glad we started.').waitFor();
  await messages(bp).getByText('Hello both, glad we started.').waitFor();
  await messages(bp).getByText('Ana', { exact: true }).waitFor();

  // What someone types is shown as they typed it, never run.
  const markup = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  await ap.getByLabel('Write to Bo and Dana Reyes').fill(markup);
  await ap.getByRole('button', { name: 'Send' }).click();
  await messages(bp).getByText(markup).waitFor();
  for (const p of [ap, bp]) {
    assert.equal(await p.evaluate(() => window.__xss), undefined);
    assert.equal(await messages(p).locator('img[src="x"], script').count(), 0);
  }

  // A picture, attached in the joint thread, drawn for both.
  await ap.getByTestId('room-file').setInputFiles({ name: 'our-week.png', mimeType: 'image/png', buffer: gradientPng(64) });
  for (const p of [ap, bp]) {
    const img = messages(p).getByRole('img', { name: 'Picture: our-week.png' });
    await img.waitFor();
    await p.waitForFunction((el) => el.complete && el.naturalWidth === 64, await img.elementHandle());
  }

  // Her private thread: only Dana reads it.
  await ap.getByRole('link', { name: 'Just you and Dana Reyes' }).click();
  await ap.getByText('Only you and Dana Reyes read this thread: Bo never sees it.', { exact: false }).waitFor();
  const secret = 'Something only for Dana: I am scared of the holidays.';
  await ap.getByLabel('Write to Dana Reyes').fill(secret);
  await ap.getByRole('button', { name: 'Send' }).click();
  await messages(ap).getByText(secret).waitFor();
  await snap(ap, 'room-private-phone');

  // The therapist: the couple's page from the Couples tab; who read the policy; the
  // unread counts; Ana's private thread.
  await tp.goto(env.server.base + '/practice/couples');
  await tp.getByRole('link', { name: 'Room, shared results and notes' }).click();
  await tp.getByRole('heading', { name: 'Ana & Bo', level: 1 }).waitFor();
  await tp.getByTestId('acknowledged').getByText('Ana has read your current policy on secrets.').waitFor();
  await tp.getByTestId('acknowledged').getByText('Bo has read your current policy on secrets.').waitFor();
  await messages(tp).getByText('Hello both, glad we started.').waitFor();
  const anaTab = tp.getByRole('link', { name: /^With Ana alone/ });
  await anaTab.getByTestId('unread').getByText('1 unread').waitFor();
  await assertAccessible(tp, 'practice: the room');
  await snap(tp, 'room-therapist-laptop');
  await anaTab.click();
  await messages(tp).getByText(secret).waitFor();
  await tp.getByText('Only you and Ana read this thread: Bo never sees it.').waitFor();
  await anaTab.getByTestId('unread').waitFor({ state: 'detached' });

  // Ana sees, live, that Dana has read it; then Dana's answer.
  await ap.getByTestId('room-read').getByText('Read by Dana Reyes').waitFor();
  await tp.getByLabel('Write to Ana').fill('Thank you for telling me. We can talk about it alone first.');
  await tp.getByRole('button', { name: 'Send' }).click();
  await messages(ap).getByText('Thank you for telling me.', { exact: false }).waitFor();

  // Dana answers in the joint thread: Ana, still in her private thread, sees it waiting.
  await tp.getByRole('link', { name: 'All three of you' }).click();
  await tp.getByLabel('Write to Ana and Bo').fill('Welcome, both of you.');
  await tp.getByRole('button', { name: 'Send' }).click();
  const jointTab = ap.getByRole('link', { name: /^All three of you/ });
  await jointTab.getByTestId('unread').getByText('1 unread').waitFor();
  await jointTab.click();
  await messages(ap).getByText('Welcome, both of you.').waitFor();
  await jointTab.getByTestId('unread').waitFor({ state: 'detached' });
  await assertAccessible(ap, 'room: the joint thread');
  await assertNoSidewaysScroll(ap, 'room: the joint thread');
  await snap(ap, 'room-joint-phone');

  // Bo never saw Ana's private words, in either of his threads.
  await messages(bp).getByText('Welcome, both of you.').waitFor();
  assert.ok(!(await bp.content()).includes('scared of the holidays'));
  await bp.getByRole('link', { name: 'Just you and Dana Reyes' }).click();
  await messages(bp).getByText('Nothing here yet.').waitFor();
  assert.ok(!(await bp.content()).includes('scared of the holidays'));

  // A changed policy is asked again before the room opens.
  await t.put('/api/v1/therapist/room-policy', { text: 'What you tell me alone stays between us. I may ask you to share it.' });
  await ap.reload();
  await ap.getByRole('heading', { name: 'Dana Reyes has changed how they handle secrets' }).waitFor();
  await ap.getByRole('button', { name: "I've read it" }).click();
  await messages(ap).getByText('Welcome, both of you.').waitFor();

  // When care ends, the room stays to read and says why nobody can write.
  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/end`)).status, 200);
  await ap.reload();
  await messages(ap).getByText('Welcome, both of you.').waitFor();
  await ap.getByText('Care has ended, so this room is closed to writing.', { exact: false }).waitFor();
  assert.equal(await ap.getByRole('textbox').count(), 0);
});
