import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialState, reduce, canWrite } from '../src/widget/state.js';

const started = { sessionId: 's1', resumeToken: 'r1', ticket: '312345678', queue: '101', state: 'queued', position: 3, estimatedWaitSeconds: 120 };
const run = (actions, s = initialState({ uiLang: 'ru' })) => actions.reduce(reduce, s);

test('pre-chat → queued → active → closed', () => {
  let s = initialState({ uiLang: 'ru' });
  assert.equal(s.phase, 'prechat');
  assert.equal(canWrite(s), false);
  s = reduce(s, { type: 'start', request: { topic: '101' } });
  assert.equal(s.phase, 'starting');
  s = reduce(s, { type: 'started', payload: started });
  assert.equal(s.phase, 'queued');
  assert.equal(s.session.ticket, '312345678');
  assert.equal(s.session.position, 3);
  assert.equal(canWrite(s), true);
  s = reduce(s, { type: 'queueUpdate', position: 1, estimatedWaitSeconds: 30 });
  assert.equal(s.session.position, 1);
  assert.equal(s.session.estimatedWaitSeconds, 30);
  s = reduce(s, { type: 'operatorJoined', operatorName: 'Анна' });
  assert.equal(s.phase, 'active');
  assert.equal(s.session.operatorName, 'Анна');
  s = reduce(s, { type: 'sessionClosed', sessionId: 's1', reason: 'resolved' });
  assert.equal(s.phase, 'closed');
  assert.equal(s.closedReason, 'resolved');
  assert.equal(canWrite(s), false);
  s = reduce(s, { type: 'rated', score: 5 });
  assert.deepEqual(s.rating, { score: 5 });
  s = reduce(s, { type: 'reset' });
  assert.equal(s.phase, 'prechat');
  assert.equal(s.session, null);
  assert.deepEqual(s.messages, []);
});

test('a deferred session is queued, flagged deferred, and the citizen can still write', () => {
  const s = run([{ type: 'start', request: {} }, { type: 'started', payload: { ...started, state: 'deferred' } }]);
  assert.equal(s.phase, 'queued');
  assert.equal(s.session.deferred, true);
  assert.equal(canWrite(s), true);
});

test('StartSession failure returns to the form with the error', () => {
  const s = run([{ type: 'start', request: {} }, { type: 'startFailed', message: { text: 'Rate limited' } }]);
  assert.equal(s.phase, 'prechat');
  assert.deepEqual(s.error, { text: 'Rate limited' });
});

test('the initial problem text shows as the citizen’s first message and is not duplicated by the echo', () => {
  let s = run([
    { type: 'start', request: { text: 'Не приходит СМС' }, initialMessage: { clientMessageId: 'c0', text: 'Не приходит СМС', createdAt: 1 } },
    { type: 'started', payload: started, initialClientMessageId: 'c0' },
  ]);
  assert.equal(s.messages.length, 1);
  assert.equal(s.messages[0].delivery, 'sent');
  s = reduce(s, { type: 'message', message: { messageId: 'm1', sessionId: 's1', from: 'citizen', text: 'Не приходит СМС', sentAt: '2026-11-23T05:00:00Z' } });
  assert.equal(s.messages.length, 1);
  assert.equal(s.messages[0].messageId, 'm1');
});

test('events for another session are ignored', () => {
  let s = run([{ type: 'start', request: {} }, { type: 'started', payload: started }]);
  s = reduce(s, { type: 'message', message: { messageId: 'x', sessionId: 'other', from: 'operator', text: 'hi', sentAt: '2026-11-23T05:00:00Z' } });
  assert.equal(s.messages.length, 0);
  s = reduce(s, { type: 'sessionClosed', sessionId: 'other' });
  assert.equal(s.phase, 'queued');
});

test('resume: a snapshot of an active session goes straight to active, a closed one to closed', () => {
  let s = run([{ type: 'resuming' }, { type: 'snapshot', snapshot: { sessionId: 's1', ticket: '1', queue: '102', state: 'active', operatorName: 'Ivan', messages: [] } }]);
  assert.equal(s.phase, 'active');
  assert.equal(s.session.operatorName, 'Ivan');
  s = run([{ type: 'resuming' }, { type: 'snapshot', snapshot: { sessionId: 's1', state: 'closed', messages: [] } }]);
  assert.equal(s.phase, 'closed');
});

test('operator typing shows and is cleared by the operator’s next message; own typing echo is ignored', () => {
  let s = run([{ type: 'start', request: {} }, { type: 'started', payload: { ...started, state: 'active' } }]);
  s = reduce(s, { type: 'typing', from: 'citizen', isTyping: true });
  assert.equal(s.operatorTyping, false);
  s = reduce(s, { type: 'typing', from: 'operator', isTyping: true });
  assert.equal(s.operatorTyping, true);
  s = reduce(s, { type: 'message', message: { messageId: 'm9', sessionId: 's1', from: 'operator', text: 'Здравствуйте', sentAt: '2026-11-23T05:00:00Z' } });
  assert.equal(s.operatorTyping, false);
});
