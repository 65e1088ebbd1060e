import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { readCall, callSeconds, callText, renderCallState } from '../src/console/call-state.js';
import { initialConsoleState, reduceConsole } from '../src/console/state.js';
import { t } from '../src/staff/i18n.js';

const T0 = Date.parse('2026-11-23T07:00:00Z');

test('a CallState payload is read safely; anything else is no call', () => {
  assert.deepEqual(readCall({ sessionId: 's1', state: 'connected', connectedAt: '2026-11-23T07:00:00Z', durationSeconds: 0 }),
    { state: 'connected', connectedAt: '2026-11-23T07:00:00Z', endedAt: null, durationSeconds: 0 });
  assert.equal(readCall({ state: 'exploded' }), null);
  assert.equal(readCall(null), null);
  assert.equal(readCall({ state: 'ended', durationSeconds: -5 }).durationSeconds, null);
});

test('the clock runs while connected and stops at the end', () => {
  const connected = readCall({ state: 'connected', connectedAt: '2026-11-23T07:00:00Z' });
  assert.equal(callSeconds(connected, T0 + 65_000), 65);
  const ended = readCall({ state: 'ended', connectedAt: '2026-11-23T07:00:00Z', endedAt: '2026-11-23T07:01:35Z', durationSeconds: 95 });
  assert.equal(callSeconds(ended, T0 + 600_000), 95);
  assert.equal(callSeconds(readCall({ state: 'ringing' }), T0), null);
  assert.deepEqual(callText(ended, T0), { key: 'callState_ended', vars: { time: '1:35' } });
});

test('the console keeps each conversation\'s call: from the snapshot, then from CallState events', () => {
  let s = initialConsoleState();
  s = reduceConsole(s, { type: 'accepted', snapshot: { sessionId: 's1', ticket: '300000001', queue: '102', state: 'active', messages: [] }, offer: {} });
  assert.equal(s.sessions.s1.call, null);
  s = reduceConsole(s, { type: 'callState', call: { sessionId: 's1', state: 'ringing' } });
  assert.equal(s.sessions.s1.call.state, 'ringing');
  s = reduceConsole(s, { type: 'callState', call: { sessionId: 's1', state: 'connected', connectedAt: '2026-11-23T07:00:00Z' } });
  assert.equal(s.sessions.s1.call.state, 'connected');
  s = reduceConsole(s, { type: 'callState', call: { sessionId: 'other', state: 'ended' } });
  assert.equal(s.sessions.other, undefined, 'a conversation not open here is left alone');
  s = reduceConsole(s, { type: 'accepted', snapshot: { sessionId: 's2', state: 'active', messages: [], call: { sessionId: 's2', state: 'connected', connectedAt: '2026-11-23T07:00:00Z' } }, offer: {} });
  assert.equal(s.sessions.s2.call.state, 'connected', 'a reloaded console gets it from the snapshot');
});

test('the indicator shows the state in the operator\'s language, hidden without a call', () => {
  const { document } = new Window();
  const el = document.createElement('p');
  renderCallState(el, null, T0, (k, v) => t('ru', k, v));
  assert.equal(el.hidden, true);
  renderCallState(el, readCall({ state: 'connected', connectedAt: '2026-11-23T07:00:00Z' }), T0 + 7_000, (k, v) => t('ru', k, v));
  assert.equal(el.hidden, false);
  assert.equal(el.getAttribute('data-state'), 'connected');
  assert.equal(el.textContent, 'Звонок идёт · 0:07');
  renderCallState(el, readCall({ state: 'ended', durationSeconds: 95 }), T0, (k, v) => t('en', k, v));
  assert.equal(el.textContent, 'Call ended · 1:35');
});
