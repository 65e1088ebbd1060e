import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialConsoleState, reduceConsole } from '../src/console/state.js';
import { createConsoleResync } from '../src/console/resync.js';
import { FakeHub, manualTimers } from './support.js';

const at = (sec) => `2026-11-23T05:00:${String(sec).padStart(2, '0')}Z`;
const numbered = (sessionId, id, from, seq) => ({ messageId: id, sessionId, from, text: `${from} ${seq}`, sentAt: at(seq), seq });

function consoleWith(sessions) {
  let state = initialConsoleState();
  for (const [sessionId, messages] of Object.entries(sessions)) {
    state = reduceConsole(state, { type: 'accepted', offer: {}, snapshot: { sessionId, ticket: '3', queue: '101', state: 'active', messages } });
  }
  const hub = new FakeHub();
  hub.isConnected = true;
  const timers = manualTimers();
  const dispatch = (action) => { state = reduceConsole(state, action); };
  const gaps = createConsoleResync({ getHub: () => hub, getState: () => state, dispatch, timers, random: () => 0 });
  return { hub, timers, gaps, dispatch, get state() { return state; } };
}

test('on Resync the console fetches each open session after its own watermark, and shows each message once', async () => {
  const c = consoleWith({ s1: [numbered('s1', 'a1', 'citizen', 1)], s2: [numbered('s2', 'b1', 'citizen', 1), numbered('s2', 'b2', 'operator', 2)] });
  const history = { s1: [1, 2, 3].map((n) => numbered('s1', `a${n}`, 'citizen', n)), s2: [1, 2].map((n) => numbered('s2', `b${n}`, n === 1 ? 'citizen' : 'operator', n)) };
  c.hub.responders.GetMessages = (sessionId, afterSeq) => history[sessionId].filter((m) => m.seq > afterSeq);
  c.gaps.resync();
  await c.timers.runAll();
  assert.deepEqual(c.hub.calls.filter((x) => x[0] === 'GetMessages').sort(), [['GetMessages', 's1', 1], ['GetMessages', 's2', 2]]);
  c.dispatch({ type: 'message', message: numbered('s1', 'a3', 'citizen', 3) }); // the late push of a fetched message
  assert.deepEqual(c.state.sessions.s1.messages.map((m) => m.messageId), ['a1', 'a2', 'a3']);
  assert.equal(c.state.sessions.s2.messages.length, 2);
});

test('a session the server says is no longer this operator\'s is marked released, not fetched again', async () => {
  const c = consoleWith({ s1: [numbered('s1', 'a1', 'citizen', 1)] });
  c.hub.responders.GetMessages = () => { throw new Error("An unexpected error occurred invoking 'GetMessages' on the server. HubException: not_your_session: This session is not assigned to you."); };
  c.gaps.resync();
  await c.timers.runAll();
  assert.equal(c.state.sessions.s1.closed, true);
  assert.equal(c.state.sessions.s1.state, 'released');
  assert.equal(c.timers.size, 0, 'no retry');
});

test('after a reconnect, tabs GetState no longer lists are released and the others catch up', async () => {
  const c = consoleWith({ s1: [numbered('s1', 'a1', 'citizen', 1)], s2: [numbered('s2', 'b1', 'citizen', 1)] });
  c.hub.responders.GetMessages = () => [];
  c.gaps.reconnected(['s2']);
  await c.timers.runAll();
  assert.equal(c.state.sessions.s1.state, 'released');
  assert.equal(c.state.sessions.s2.closed, false);
  assert.deepEqual(c.hub.calls.filter((x) => x[0] === 'GetMessages'), [['GetMessages', 's2', 1]]);
});

test('a pushed message that skips a number makes the console fetch that session', async () => {
  const c = consoleWith({ s1: [numbered('s1', 'a1', 'citizen', 1)] });
  c.hub.responders.GetMessages = (sessionId, afterSeq) => [2, 3].map((n) => numbered('s1', `a${n}`, 'citizen', n)).filter((m) => m.seq > afterSeq);
  const pushed = numbered('s1', 'a3', 'citizen', 3);
  c.dispatch({ type: 'message', message: pushed });
  c.gaps.message(pushed);
  await c.timers.runAll();
  assert.deepEqual(c.state.sessions.s1.messages.map((m) => m.messageId), ['a1', 'a2', 'a3']);
});

test('a failed fetch (the node cannot answer yet) is retried', async () => {
  const c = consoleWith({ s1: [numbered('s1', 'a1', 'citizen', 1)] });
  let tries = 0;
  c.hub.responders.GetMessages = () => { if (++tries === 1) throw new Error('Invocation canceled due to the underlying connection being closed.'); return [numbered('s1', 'a2', 'citizen', 2)]; };
  c.gaps.resync();
  await c.timers.runAll();
  await c.timers.runAll();
  assert.equal(tries, 2);
  assert.equal(c.state.sessions.s1.messages.length, 2);
});
