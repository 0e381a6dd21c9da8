// The authorisation matrix, generated from the route table: every route the server
// declares (GET /api/v1/test/routes, with its policy) is called as every kind of
// principal — anonymous, the person themself, their partner, a former partner, a
// stranger (in a couple of their own), an operator — against resources that belong to
// the person and their couple. The status must follow the route's declared policy, and
// nothing another person keeps private may appear in any answer. A route the matrix does
// not know fails the test until it is described here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, newPerson, newCouple, cli } from '../support/server.mjs';
import { makeOperator, enrolSecondFactor } from '../support/totp.mjs';
import { careCouple } from '../support/care.mjs';

let server;
before(async () => { server = await startServer({ testHooks: true }); });
after(async () => { await server?.stop(); });

const secret = (label) => `secret-${label}-${Math.random().toString(36).slice(2)}`;

// A world for one route: the person ("self") in a couple with a partner, a former
// partner, a stranger in another couple, an operator, a therapist of nobody here, and
// self's private things. With `care`, also the couple's own therapist ("carer"), with
// whom self shares the scopes in `sharedScopes` and nothing else.
const sharedScopes = ['triangle', 'reflections'];
async function world({ care: inCare = false } = {}) {
  const base = server.base;
  const [ex, self0] = [await newPerson(base, { display_name: 'Ex' }), await newPerson(base, { display_name: 'Self' })];
  let code = (await ex.post('/api/v1/couple/invites')).body.code;
  await self0.post('/api/v1/couple/join', { code });
  await ex.delete('/api/v1/couple/membership');
  const self = self0;
  const partner = await newPerson(base, { display_name: 'Partner' });
  code = (await self.post('/api/v1/couple/invites')).body.code;
  await partner.post('/api/v1/couple/join', { code });
  const [stranger] = await newCouple(base, { display_name: 'Stranger' });
  const operator = await makeOperator(server, await newPerson(base, { display_name: 'Operator' }));
  // A therapist in no care relationship with anyone here.
  const therapist = new Client(base);
  await therapist.signUp({ role: 'therapist', display_name: 'Therapist' });
  await enrolSecondFactor(therapist);

  const words = { daily: secret('daily'), note: secret('private-note'), chat: secret('chat'), reflection: secret('reflection'), draft: 3,
    care: secret('care'), journal: secret('journal'), title: secret('title') };
  const { date } = (await self.get('/api/v1/daily')).body;
  await self.put(`/api/v1/daily/${date}/answer`, { text: words.daily });
  const item = (await self.get('/api/v1/desires')).body.categories[0].items[0].id;
  await self.put(`/api/v1/desires/${item}/mine`, { answer: 'no' });
  const conv = (await self.post('/api/v1/conversations', { guide: 'connected' })).body;
  await self.post(`/api/v1/conversations/${conv.id}/notes`, { text: words.note, shared: false });
  const message = (await self.post('/api/v1/chat/messages', { text: words.chat })).body;
  const ins = (await self.get('/api/v1/instruments/triangle-short')).body;
  const answers = Object.fromEntries(ins.items.map((i) => [i.id, 2]));
  const assessment = (await self.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers })).body;
  await self.put('/api/v1/triangle/draft', { form: 'triangle-full', perspective: 'real', answers: { i01: 7 } });
  const occurrence = new Date(Date.now() - 3600000).toISOString().slice(0, 16);
  const plan = (await self.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: occurrence })).body;
  await partner.post(`/api/v1/together/plans/${plan.id}/accept`);
  await self.put(`/api/v1/together/plans/${plan.id}/occurrences/${occurrence}/reflection`, { happened: true, closeness: 7, note: words.reflection });
  // Self-care: a log entry and a journal entry that is not shared.
  const care = (await self.post('/api/v1/selfcare/entries', { kind: 'own', label: 'Own thing', minutes: 20, mood: 4, energy: 5, note: words.care })).body;
  const journal = (await self.post('/api/v1/journal/entries', { title: words.title, body: words.journal })).body;
  // Self's private screen, concerning: its outcome is self's alone (and, once accepted,
  // the couple's therapist's, which this therapist is not).
  const screen = (await self.get('/api/v1/care/screen')).body;
  await self.post('/api/v1/care/screen', { answers: Object.fromEntries(screen.questions.map((q) => [q.id, 'rather_not_say'])) });
  const mine = [words.reflection, words.care, words.journal, words.title, '"outcome":"concerning"', '"answers":{"afraid"'];
  let carer, relationship;
  if (inCare) {
    ({ t: carer, id: relationship } = await careCouple(server, [self, partner], { ask: true, accept: true }));
    for (const scope of sharedScopes) await self.put(`/api/v1/care/consent/${scope}`, { shared: true });
  }
  return {
    principals: { anonymous: new Client(base), self, partner, ex, stranger, operator, therapist, ...(carer ? { carer } : {}) },
    ids: { date, item, conversation: conv.id, message: message.id, assessment: assessment.id, answers, plan: plan.id, occurrence,
      care: care.id, journal: journal.id, search: words.journal, therapist: therapist.user.id, relationship },
    // What each principal must never see of self's.
    privateTo: {
      partner: [words.daily, words.note, ...mine],
      ex: [words.daily, words.note, words.chat, ...mine],
      stranger: [words.daily, words.note, words.chat, ...mine],
      operator: [words.daily, words.note, words.chat, ...mine],
      therapist: [words.daily, words.note, words.chat, ...mine],
      // Self's reflection note is not shared with the partner, so not with the therapist
      // either, even with reflections shared.
      carer: [words.daily, words.note, words.chat, ...mine],
      anonymous: [words.daily, words.note, words.chat, ...mine],
    },
  };
}

// How to call each route against self's resources: [path, body].
function call(route, ids) {
  const path = route.pattern
    .replace('{id}', route.pattern.includes('/assessments/') ? ids.assessment
      : route.pattern.includes('/operator/jobs/') ? 'no-such-job'
      : route.pattern.includes('/therapist/couples/') ? ids.relationship ?? 'no-such-couple'
      : route.pattern.includes('/bookings/') ? 'no-such-booking'
      : route.pattern.includes('/video/sessions/') ? 'no-such-session'
      : route.pattern.includes('/care/matches/') ? ids.therapist
      : route.pattern.includes('/therapists/') ? ids.therapist
        : route.pattern.includes('/together/plans/') ? ids.plan
          : route.pattern.includes('/selfcare/') ? ids.care
            : route.pattern.includes('/journal/') ? ids.journal : ids.conversation)
    .replace('{occurrence}', ids.occurrence).replace('{file}', 'no-such-feed.ics')
    .replace('{scope}', 'triangle').replace('{thread}', 'joint').replace('{message}', 'no-such-message').replace('{note}', 'no-such-note').replace('{date}', ids.date).replace('{item}', ids.item).replace('{slug}', 'what-your-triangle-means')
    + (route.pattern === '/api/v1/journal/search' ? `?q=${ids.search}` : '');
  const bodies = {
    'POST /api/v1/accounts': { email: `m-${Math.random().toString(36).slice(2)}@example.org`, password: 'lantern orchard velvet drift', display_name: 'M' },
    'POST /api/v1/sessions': { email: 'nobody@example.org', password: 'lantern orchard velvet drift' },
    'POST /api/v1/email-verifications': { token: 'A'.repeat(43) },
    'POST /api/v1/password-resets': { email: 'nobody@example.org' },
    'POST /api/v1/password-resets/complete': { token: 'A'.repeat(43), password: 'harbour lantern quietly folds' },
    'PATCH /api/v1/me': { display_name: 'Renamed' },
    'DELETE /api/v1/me': { password: 'not the password of anyone here' },
    'POST /api/v1/me/password': { current_password: 'not the password of anyone here', new_password: 'harbour lantern quietly folds' },
    'POST /api/v1/couple/join': { code: 'ZZZZ-ZZZZ' },
    'PATCH /api/v1/couple': { time_zone: 'Europe/Berlin' },
    'POST /api/v1/triangle/assessments': { form: 'triangle-short', perspective: 'real', answers: ids.answers },
    'PATCH /api/v1/triangle/assessments/{id}': { share_with_partner: true },
    'PUT /api/v1/triangle/draft': { form: 'triangle-short', perspective: 'real', answers: { i01: 5 } },
    'PUT /api/v1/daily/{date}/answer': { text: 'an answer' },
    'PUT /api/v1/desires/{item}/mine': { answer: 'yes' },
    'POST /api/v1/conversations': { guide: 'connected' },
    'POST /api/v1/conversations/{id}/step': { from: 0, to: 1 },
    'POST /api/v1/conversations/{id}/notes': { text: 'a note', shared: true },
    'POST /api/v1/chat/messages': { text: 'hello' },
    'POST /api/v1/chat/read': { up_to: ids.message },
    'POST /api/v1/together/plans': { rrule: 'FREQ=DAILY', start_local: ids.occurrence },
    'PUT /api/v1/together/plans/{id}/occurrences/{occurrence}': { skipped: true },
    'PUT /api/v1/together/plans/{id}/occurrences/{occurrence}/reflection': { happened: true, closeness: 5 },
    'PUT /api/v1/together/goal': { per_week: 4 },
    'PUT /api/v1/me/reminders': { lead_minutes: 30 },
    'POST /api/v1/reminders/unsubscribe': { token: 'A'.repeat(43) },
    'PATCH /api/v1/me/calendar-feed': { title: 'Walk' },
    'POST /api/v1/selfcare/entries': { kind: 'rest', minutes: 10, mood: 5, energy: 5 },
    'PATCH /api/v1/selfcare/entries/{id}': { minutes: 11 },
    'POST /api/v1/journal/entries': { body: 'a new entry' },
    'PATCH /api/v1/journal/entries/{id}': { body: 'edited' },
    'POST /api/v1/me/second-factor': { password: 'not the password of anyone here' },
    'DELETE /api/v1/me/second-factor': { password: 'not the password of anyone here' },
    'POST /api/v1/me/second-factor/confirm': { code: '000000' },
    'POST /api/v1/me/second-factor/recovery-codes': { code: '000000' },
    'POST /api/v1/sessions/second-factor': { challenge: 'A'.repeat(43), code: '000000' },
    'PUT /api/v1/therapist/profile': { bio: 'A few words.' },
    'PUT /api/v1/therapist/availability': { hours: [] },
    'POST /api/v1/care/screen': { answers: { afraid: 'never' } },
    'PUT /api/v1/care/questionnaire': { where: 'US-CA', languages: ['en'], modalities: ['video'] },
    'POST /api/v1/care/requests': { therapist_id: ids.therapist },
    'POST /api/v1/therapist/couples/{id}/joint': { spoke_alone: true },
    'PUT /api/v1/care/consent/{scope}': { shared: true },
    'POST /api/v1/care/outcomes': { answers: { s1: 4, s2: 4, s3: 4, s4: 4, s5: 4, s6: 4 } },
    'POST /api/v1/room/acknowledge': { version: 1 },
    'POST /api/v1/room/threads/{thread}/messages': { text: 'hello' },
    'POST /api/v1/room/threads/{thread}/read': { up_to: 'no-such-message' },
    'PUT /api/v1/therapist/room-policy': { text: 'What stays private.' },
    'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/messages': { text: 'hello' },
    'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/read': { up_to: 'no-such-message' },
    'POST /api/v1/therapist/couples/{id}/notes': { text: 'A note.' },
    'PUT /api/v1/therapist/couples/{id}/notes/{note}': { text: 'A note.' },
    'POST /api/v1/care/bookings': { starts_at: Date.now() + 86400000, kind: 'joint' },
    'PATCH /api/v1/care/bookings/{id}': { starts_at: Date.now() + 86400000 },
    'POST /api/v1/video/sessions/{id}/admit': { person: ids.therapist },
    'POST /api/v1/video/sessions/{id}/signal': { to: ids.therapist, payload: { kind: 'offer' } },
    'POST /api/v1/operator/therapists/{id}/verifications': {
      licensing_body: 'Board', verified_on: '2026-01-05', reference: 'R-1', expires_on: '2099-01-01',
    },
    'POST /api/v1/operator/therapists/{id}/refuse': { reason: 'Not this time.' },
    'POST /api/v1/operator/therapists/{id}/suspend': { reason: 'Paused.' },
    'POST /api/v1/operator/accounts/second-factor-reset': { email: 'nobody@example.org', reason: 'Asked by phone.' },
  };
  return [path, bodies[`${route.method} ${route.pattern}`]];
}

// Routes whose resource is self's alone (not the couple's): others get 404.
const ownedBySelf = new Set(['GET /api/v1/triangle/assessments/{id}', 'PATCH /api/v1/triangle/assessments/{id}',
  'DELETE /api/v1/triangle/assessments/{id}', 'PATCH /api/v1/selfcare/entries/{id}', 'DELETE /api/v1/selfcare/entries/{id}',
  'GET /api/v1/journal/entries/{id}', 'PATCH /api/v1/journal/entries/{id}', 'DELETE /api/v1/journal/entries/{id}',
  'PUT /api/v1/journal/entries/{id}/share', 'DELETE /api/v1/journal/entries/{id}/share']);
// Self's journal entry is not shared: as a shared entry it is nobody's to read, self's included.
const sharedWithNobody = new Set(['GET /api/v1/journal/shared/{id}']);
// Routes whose body is wrong on purpose (a password nobody has): 403 is that answer.
const wrongPassword = new Set(['DELETE /api/v1/me', 'POST /api/v1/me/password', 'POST /api/v1/me/second-factor',
  'DELETE /api/v1/me/second-factor']);
// Public routes with a gate of their own.
const gated = { 'GET /metrics': [401], 'GET /api/v1/live': [426] };

function expected(route, who) {
  const key = `${route.method} ${route.pattern}`;
  if (gated[key]) return (s) => gated[key].includes(s);
  if (route.policy === 'public') return (s) => s < 500;
  if (who === 'anonymous') return (s) => s === 401;
  if (route.policy === 'therapist' && who === 'carer') return (s) => s < 500 && s !== 401 && s !== 403;
  if (route.policy === 'therapist') return who === 'therapist' ? (s) => s < 500 && s !== 401 && s !== 403 : (s) => s === 403;
  if (route.policy === 'therapist-of-couple') {
    // The couple's therapist, for a scope self shares (or no scope); any other therapist
    // gets the 404 of a couple that is not theirs; nobody else is a therapist.
    const scope = route.pattern.match(/\/shared\/(\w+)$/)?.[1] ?? (route.pattern.includes('/outcomes') ? 'satisfaction' : undefined);
    if (who === 'carer') {
      if (scope) return sharedScopes.includes(scope) ? (s) => s === 200 : (s) => s === 404;
      return (s) => s < 500 && s !== 401 && s !== 403;  // the room's own answers (no policy yet: 409)
    }
    return who === 'therapist' ? (s) => s === 404 : (s) => s === 403;
  }
  if (route.policy === 'operator') return who === 'operator' ? (s) => s < 500 && s !== 401 && s !== 403 : (s) => s === 403;
  if (ownedBySelf.has(key) && who !== 'self') return (s) => s === 404;
  if (sharedWithNobody.has(key)) return (s) => s === 404;
  if (route.policy === 'couple-member') {
    if (who === 'ex' || who === 'operator' || who === 'therapist' || who === 'carer') return (s) => s === 404;  // not in a couple
    if (who === 'stranger' && route.pattern.includes('{id}')) return (s) => s === 404;  // another couple's conversation
  }
  // An operator's second factor is set up and needed: 409 before any password.
  const hasFactor = who === 'operator' || who === 'therapist' || who === 'carer';
  if (wrongPassword.has(key) && hasFactor && key.includes('second-factor')) return (s) => s === 409;
  if (wrongPassword.has(key)) return (s) => s === 403;
  // A wrong code: 403 for whoever has a second factor (the operator), 409 for whoever has none.
  // (confirming: 409 for everyone, set up already or never started).
  if (key === 'POST /api/v1/me/second-factor/recovery-codes') return hasFactor ? (s) => s === 403 : (s) => s === 409;
  if (key === 'POST /api/v1/me/second-factor/confirm') return (s) => s === 409;
  return (s) => s < 500 && s !== 401 && s !== 403;
}

const known = new Set([
  'GET /api/v1/health', 'GET /metrics', 'GET /api/v1/live', 'GET /api/v1/operator/jobs', 'POST /api/v1/operator/jobs/{id}/retry',
  'POST /api/v1/accounts', 'POST /api/v1/sessions', 'GET /api/v1/sessions/current', 'DELETE /api/v1/sessions/current',
  'GET /api/v1/me', 'PATCH /api/v1/me', 'DELETE /api/v1/me', 'POST /api/v1/me/password', 'POST /api/v1/couple/invites',
  'POST /api/v1/me/email-verification', 'POST /api/v1/email-verifications', 'POST /api/v1/password-resets',
  'POST /api/v1/password-resets/complete',
  'POST /api/v1/couple/join', 'GET /api/v1/couple', 'PATCH /api/v1/couple', 'DELETE /api/v1/couple/membership',
  'GET /api/v1/instruments', 'GET /api/v1/instruments/{id}', 'POST /api/v1/triangle/assessments', 'GET /api/v1/triangle/assessments',
  'GET /api/v1/triangle/assessments/{id}', 'PATCH /api/v1/triangle/assessments/{id}', 'DELETE /api/v1/triangle/assessments/{id}',
  'PUT /api/v1/triangle/draft', 'GET /api/v1/triangle/draft', 'DELETE /api/v1/triangle/draft', 'GET /api/v1/triangle/couple',
  'GET /api/v1/articles', 'GET /api/v1/articles/{slug}', 'GET /api/v1/daily', 'PUT /api/v1/daily/{date}/answer',
  'GET /api/v1/daily/history', 'GET /api/v1/desires', 'GET /api/v1/desires/mine', 'GET /api/v1/desires/matches',
  'PUT /api/v1/desires/{item}/mine', 'DELETE /api/v1/desires/{item}/mine', 'GET /api/v1/conversations/guides',
  'POST /api/v1/conversations', 'GET /api/v1/conversations', 'GET /api/v1/conversations/{id}', 'POST /api/v1/conversations/{id}/step',
  'POST /api/v1/conversations/{id}/notes', 'POST /api/v1/conversations/{id}/finish', 'POST /api/v1/chat/messages',
  'GET /api/v1/chat/messages', 'POST /api/v1/chat/read',
  'GET /api/v1/together', 'POST /api/v1/together/plans', 'POST /api/v1/together/plans/{id}/accept',
  'POST /api/v1/together/plans/{id}/decline', 'POST /api/v1/together/plans/{id}/withdraw', 'DELETE /api/v1/together/plans/{id}',
  'PUT /api/v1/together/plans/{id}/occurrences/{occurrence}', 'DELETE /api/v1/together/plans/{id}/occurrences/{occurrence}',
  'POST /api/v1/together/plans/{id}/occurrences/{occurrence}/session',
  'POST /api/v1/together/plans/{id}/occurrences/{occurrence}/session/finish',
  'PUT /api/v1/together/plans/{id}/occurrences/{occurrence}/reflection', 'PUT /api/v1/together/goal',
  'GET /api/v1/me/reminders', 'PUT /api/v1/me/reminders', 'DELETE /api/v1/me/reminders', 'POST /api/v1/reminders/unsubscribe',
  'GET /api/v1/me/calendar-feed', 'POST /api/v1/me/calendar-feed', 'PATCH /api/v1/me/calendar-feed',
  'DELETE /api/v1/me/calendar-feed', 'GET /cal/{file}',
  'POST /api/v1/selfcare/entries', 'GET /api/v1/selfcare/entries', 'PATCH /api/v1/selfcare/entries/{id}',
  'DELETE /api/v1/selfcare/entries/{id}', 'POST /api/v1/journal/entries', 'GET /api/v1/journal/entries',
  'GET /api/v1/journal/entries/{id}', 'PATCH /api/v1/journal/entries/{id}', 'DELETE /api/v1/journal/entries/{id}',
  'PUT /api/v1/journal/entries/{id}/share', 'DELETE /api/v1/journal/entries/{id}/share', 'GET /api/v1/journal/search',
  'GET /api/v1/journal/shared', 'GET /api/v1/journal/shared/{id}', 'GET /api/v1/me/insights',
  'GET /api/v1/me/second-factor', 'POST /api/v1/me/second-factor', 'POST /api/v1/me/second-factor/confirm',
  'POST /api/v1/me/second-factor/recovery-codes', 'DELETE /api/v1/me/second-factor', 'POST /api/v1/sessions/second-factor',
  'GET /api/v1/therapist/profile', 'PUT /api/v1/therapist/profile', 'POST /api/v1/therapist/profile/submit',
  'PUT /api/v1/therapist/availability', 'PUT /api/v1/therapist/photo', 'DELETE /api/v1/therapist/photo',
  'GET /api/v1/therapists/{id}/photo',
  'GET /api/v1/care', 'GET /api/v1/care/screen', 'POST /api/v1/care/screen', 'GET /api/v1/care/resources',
  'GET /api/v1/care/questionnaire', 'PUT /api/v1/care/questionnaire', 'GET /api/v1/care/matches',
  'POST /api/v1/care/matches/{id}/pass', 'DELETE /api/v1/care/passes', 'POST /api/v1/care/requests',
  'DELETE /api/v1/care/relationship', 'GET /api/v1/therapists/{id}', 'GET /api/v1/therapist/couples',
  'GET /api/v1/therapist/couples/{id}', 'POST /api/v1/therapist/couples/{id}/accept',
  'POST /api/v1/therapist/couples/{id}/decline', 'POST /api/v1/therapist/couples/{id}/end',
  'POST /api/v1/therapist/couples/{id}/joint',
  'GET /api/v1/care/consent', 'PUT /api/v1/care/consent/{scope}', 'GET /api/v1/care/consent/log',
  'GET /api/v1/therapist/couples/{id}/consent', 'GET /api/v1/therapist/couples/{id}/shared/triangle',
  'GET /api/v1/therapist/couples/{id}/shared/reflections', 'GET /api/v1/therapist/couples/{id}/shared/selfcare',
  'GET /api/v1/therapist/couples/{id}/shared/journal',
  'GET /api/v1/room', 'POST /api/v1/room/acknowledge', 'GET /api/v1/room/threads/{thread}/messages',
  'POST /api/v1/room/threads/{thread}/messages', 'POST /api/v1/room/threads/{thread}/attachments',
  'POST /api/v1/room/threads/{thread}/read', 'GET /api/v1/room/attachments/{message}',
  'GET /api/v1/therapist/room-policy', 'PUT /api/v1/therapist/room-policy', 'GET /api/v1/therapist/couples/{id}/room',
  'GET /api/v1/therapist/couples/{id}/room/threads/{thread}/messages',
  'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/messages',
  'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/attachments',
  'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/read',
  'GET /api/v1/therapist/couples/{id}/room/attachments/{message}',
  'GET /api/v1/therapist/couples/{id}/notes', 'POST /api/v1/therapist/couples/{id}/notes',
  'PUT /api/v1/therapist/couples/{id}/notes/{note}', 'DELETE /api/v1/therapist/couples/{id}/notes/{note}',
  'GET /api/v1/therapist/notes/export',
  'GET /api/v1/care/outcomes', 'POST /api/v1/care/outcomes', 'GET /api/v1/therapist/couples/{id}/outcomes',
  'GET /api/v1/therapist/couples/{id}/outcomes/fhir',
  'GET /api/v1/care/slots', 'POST /api/v1/care/bookings', 'GET /api/v1/care/bookings', 'DELETE /api/v1/care/bookings/{id}',
  'PATCH /api/v1/care/bookings/{id}', 'GET /api/v1/therapist/schedule', 'POST /api/v1/therapist/bookings/{id}/cancel',
  'GET /api/v1/video/sessions/{id}', 'POST /api/v1/video/sessions/{id}/join', 'POST /api/v1/video/sessions/{id}/admit',
  'POST /api/v1/video/sessions/{id}/leave', 'POST /api/v1/video/sessions/{id}/signal',
  'GET /api/v1/operator/therapists', 'GET /api/v1/operator/therapists/{id}', 'POST /api/v1/operator/therapists/{id}/verifications',
  'POST /api/v1/operator/therapists/{id}/approve', 'POST /api/v1/operator/therapists/{id}/refuse',
  'POST /api/v1/operator/therapists/{id}/suspend', 'POST /api/v1/operator/therapists/{id}/reinstate',
  'POST /api/v1/operator/accounts/second-factor-reset', 'GET /api/v1/operator/audit', 'GET /api/v1/operator/audit/verify',
]);

const key = (route) => `${route.method} ${route.pattern}`;
let routes;
test('every route declares a policy and the matrix knows it', async () => {
  routes = (await (await fetch(`${server.base}/api/v1/test/routes`)).json()).routes;
  assert.ok(routes.length >= 45, `${routes.length} routes`);
  for (const r of routes) assert.ok(['public', 'signed-in', 'couple-member', 'therapist', 'therapist-of-couple', 'operator'].includes(r.policy), `${r.method} ${r.pattern}`);
  const names = routes.map((r) => `${r.method} ${r.pattern}`);
  assert.deepEqual(names.filter((n) => !known.has(n)).sort(), [], 'describe new routes in this matrix');
  assert.deepEqual([...known].filter((n) => !names.includes(n)).sort(), [], 'routes the server no longer has');
});

test('every route × every principal: the declared policy holds and nothing private leaks', async () => {
  if (!routes) routes = (await (await fetch(`${server.base}/api/v1/test/routes`)).json()).routes;
  // self last: its calls may end the world
  const order = ['anonymous', 'stranger', 'ex', 'operator', 'therapist', 'carer', 'partner', 'self'];
  for (const route of routes) {
    // The couple's own therapist only where a route is about a therapist's couple.
    const w = await world({ care: route.pattern.startsWith('/api/v1/therapist/couples/{id}') });
    const [path, body] = call(route, w.ids);
    for (const who of order) {
      const c = w.principals[who];
      if (!c) continue;
      const r = await c.request(route.method, path, { json: body, auth: who !== 'anonymous' });
      const label = `${route.method} ${route.pattern} as ${who}: ${r.status} ${r.text.slice(0, 160)}`;
      assert.ok(expected(route, who)(r.status), label);
      // The partner answering the day's question reveals both answers: that is the rule.
      const reveals = key(route) === 'PUT /api/v1/daily/{date}/answer' && who === 'partner' && r.status === 200;
      for (const word of w.privateTo[who] ?? []) {
        if (reveals && r.body?.revealed && word.startsWith('secret-daily')) continue;
        assert.ok(!r.text.includes(word), `${label} — leaked ${word}`);
      }
    }
  }
});
