import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialConsoleState, reduceConsole, activeDeadlines, mergeQueues } from '../src/console/state.js';
import { maskPhone, deadlineLevel, formatSeconds } from '../src/staff/format.js';
import { normalizeConfig } from '../src/console/canned.js';
import { aggregateHistory, linePath, niceMax } from '../src/supervisor/charts.js';
import { createStaffApi, hasRole } from '../src/staff/api.js';
import { jsonResponse } from './support.js';

const offer = { offerId: 'o1', sessionId: 's1', channel: 'chat', queue: '101', ticket: '312345678', language: 'ru', preview: 'не могу войти', expiresAt: '2026-11-23T05:00:20Z' };

test('console: offer → accept → messages → close; revoked and expired offers disappear', () => {
  let s = initialConsoleState();
  s = reduceConsole(s, { type: 'offer', offer });
  s = reduceConsole(s, { type: 'offer', offer: { ...offer, offerId: 'o2', sessionId: 's2', expiresAt: '2026-11-23T05:00:05Z' } });
  s = reduceConsole(s, { type: 'offer', offer: { ...offer, offerId: 'o3', sessionId: 's3' } });
  s = reduceConsole(s, { type: 'offerRevoked', offerId: 'o3' });
  s = reduceConsole(s, { type: 'expireOffers', now: Date.parse('2026-11-23T05:00:10Z') });
  assert.deepEqual(s.offers.map((o) => o.offerId), ['o1']);
  s = reduceConsole(s, { type: 'accepted', offer, snapshot: { sessionId: 's1', ticket: '312345678', queue: '101', state: 'active',
    messages: [{ messageId: 'm1', sessionId: 's1', from: 'citizen', text: 'не могу войти', sentAt: '2026-11-23T05:00:00Z' }],
    deadlines: [{ deadline: 'firstResponse', dueAt: '2026-11-23T05:02:00Z' }] } });
  assert.equal(s.offers.length, 0);
  assert.equal(s.activeId, 's1');
  assert.equal(s.sessions.s1.messages.length, 1);
  assert.deepEqual(activeDeadlines(s.sessions.s1).map((d) => d.name), ['firstResponse']);
  s = reduceConsole(s, { type: 'localSend', sessionId: 's1', clientMessageId: 'c1', text: 'Здравствуйте', at: 1 });
  s = reduceConsole(s, { type: 'message', message: { messageId: 'm2', sessionId: 's1', from: 'operator', text: 'Здравствуйте', sentAt: '2026-11-23T05:00:30Z' } });
  s = reduceConsole(s, { type: 'sendOk', sessionId: 's1', clientMessageId: 'c1', messageId: 'm2', sentAt: '2026-11-23T05:00:30Z' });
  assert.equal(s.sessions.s1.messages.length, 2);
  assert.deepEqual(activeDeadlines(s.sessions.s1), [], 'first reply given');
  s = reduceConsole(s, { type: 'deadlineWarning', sessionId: 's1', deadline: 'resolution', dueAt: '2026-11-23T05:30:00Z' });
  assert.equal(s.sessions.s1.deadlines.resolution.warned, true);
  s = reduceConsole(s, { type: 'sessionClosed', sessionId: 's1' });
  assert.equal(s.sessions.s1.closed, true);
  s = reduceConsole(s, { type: 'removeTab', sessionId: 's1' });
  assert.deepEqual(s.order, []);
});

test('deadline colours: amber when warned or under a minute, red past due', () => {
  const now = Date.parse('2026-11-23T05:00:00Z');
  assert.equal(deadlineLevel({ dueAt: '2026-11-23T05:05:00Z' }, now), 'ok');
  assert.equal(deadlineLevel({ dueAt: '2026-11-23T05:05:00Z', warned: true }, now), 'warning');
  assert.equal(deadlineLevel({ dueAt: '2026-11-23T05:00:30Z' }, now), 'warning');
  assert.equal(deadlineLevel({ dueAt: '2026-11-23T04:59:59Z' }, now), 'breached');
});

test('callers are masked', () => {
  assert.equal(maskPhone('+7 (495) 123-45-67'), '+7 (***) ***-**-67');
  assert.equal(maskPhone('89161234567'), '*********67');
  assert.equal(maskPhone('очередь 101'), 'очередь 101');
  assert.equal(formatSeconds(185), '3:05');
});

test('queue figures merge by id', () => {
  const q = mergeQueues([{ id: '101', state: 'online', waiting: 1 }], [{ id: '101', waiting: 4, available: 2 }, { id: '102', state: 'unavailable' }]);
  assert.deepEqual(q, [{ id: '101', state: 'online', waiting: 4, available: 2 }, { id: '102', state: 'unavailable' }]);
});

test('console config falls back to built-in canned replies', () => {
  const c = normalizeConfig(null, 'en');
  assert.ok(c.cannedReplies.length >= 3);
  assert.deepEqual(c.queues.map((q) => q.id), ['101', '102', '103', '104']);
  const server = normalizeConfig({ cannedReplies: [{ title: 'A', text: 'B' }], queues: [{ id: '101', name: 'Тех' }] }, 'ru');
  assert.deepEqual(server.cannedReplies, [{ title: 'A', text: 'B' }]);
});

test('charts: 5-minute buckets across queues and line paths', () => {
  const history = [
    { at: '2026-11-23T05:00:00Z', queue: '101', waiting: 2, answered: 4, avgFirstReplySeconds: 60, slaAttainment: 1 },
    { at: '2026-11-23T05:00:00Z', queue: '102', waiting: 1, answered: 0, avgFirstReplySeconds: 30, slaAttainment: 0.5 },
    { at: '2026-11-23T05:05:00Z', queue: '101', waiting: 0, answered: 1, avgFirstReplySeconds: 90, slaAttainment: 0.9 },
  ];
  const all = aggregateHistory(history, '');
  assert.equal(all.length, 2);
  assert.equal(all[0].waiting, 3);
  assert.equal(all[0].answered, 4);
  assert.equal(all[0].firstReply, (60 * 4 + 30 * 1) / 5);
  assert.equal(Math.round(all[0].sla), 90);
  assert.equal(aggregateHistory(history, '102').length, 1);
  assert.equal(linePath([0, 10], { width: 108, height: 58, maxY: 10 }), 'M4.0 54.0 L104.0 4.0');
  assert.equal(linePath([1, null, 1], { width: 10, height: 10, maxY: 1 }).split('M').length - 1, 2);
  assert.equal(niceMax([0, 37]), 50);
});

test('staff API: bearer token, and 401/403/404 become clear messages', async () => {
  const seen = [];
  let unauthorized = 0;
  const statuses = { '/a': 401, '/b': 403, '/c': 404, '/d': 500 };
  const api = createStaffApi({
    fetchFn: async (url, init) => { seen.push(init.headers.Authorization); return statuses[url] ? jsonResponse(statuses[url], { title: 'Boom' }) : jsonResponse(200, { ok: 1 }); },
    getToken: () => 'T',
    onUnauthorized: () => unauthorized++,
  });
  assert.deepEqual(await api.get('/ok'), { ok: true, status: 200, data: { ok: 1 } });
  assert.equal(seen[0], 'Bearer T');
  assert.equal((await api.get('/a')).error.key, 'errUnauthorized');
  assert.equal(unauthorized, 1);
  assert.equal((await api.get('/b')).error.key, 'errForbidden');
  assert.equal((await api.get('/c')).error.key, 'errNotFound');
  assert.deepEqual((await api.get('/d')).error, { key: 'errHttp', vars: { text: 'Boom' } });
  assert.equal(hasRole({ roles: ['operator', 'Supervisor'] }, 'supervisor'), true);
});

test('supervisor alerts: a repeated breach (same breachId) is shown once, newest first, bounded', async () => {
  const { addAlert, alertId } = await import('../src/supervisor/alerts.js');
  const breach = (n) => ({ sessionId: `s${n}`, ticket: `30000000${n}`, queue: '101', deadline: 'firstResponse', dueAt: '2026-11-23T06:02:00Z', lateBySeconds: 3, breachId: `s${n}:firstResponse` });
  let alerts = [];
  alerts = addAlert(alerts, breach(1));
  const before = alerts;
  alerts = addAlert(alerts, breach(1));
  assert.equal(alerts, before, 'a repeat changes nothing');
  alerts = addAlert(alerts, breach(2));
  assert.deepEqual(alerts.map((a) => a.id), ['s2:firstResponse', 's1:firstResponse']);
  assert.equal(alertId({ sessionId: 's9', deadline: 'answer' }), 's9:answer', 'older servers: session and deadline');
  assert.equal(addAlert(alerts, {}), alerts, 'an event without ids is ignored');
  for (let i = 3; i < 10; i++) alerts = addAlert(alerts, breach(i), 5);
  assert.equal(alerts.length, 5);
  assert.equal(alerts[0].id, 's9:firstResponse');
});
