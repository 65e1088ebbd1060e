import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authFromAnswer, createTokenKeeper, renewLeadMs } from '../src/staff/tokens.js';
import { createStaffApi } from '../src/staff/api.js';
import { jsonResponse } from './support.js';

function fakeTimers() {
  let t = 1000000;
  const timers = new Map();
  let id = 0;
  return {
    now: () => t,
    setTimer: (fn, ms) => { timers.set(++id, { fn, at: t + ms }); return id; },
    clearTimer: (i) => timers.delete(i),
    async advance(ms) {
      t += ms;
      for (const [i, { fn, at }] of [...timers]) if (at <= t) { timers.delete(i); fn(); }
      await new Promise((r) => setImmediate(r));
    },
    pending: () => timers.size,
  };
}

test('tokens: renewed a little before expiry with the rotating refresh token, once at a time', async () => {
  const clock = fakeTimers();
  const calls = [];
  let n = 0;
  const renewed = [];
  const keeper = createTokenKeeper({
    refreshFn: async (rt) => { calls.push(rt); n += 1; return { ok: true, status: 200, data: { accessToken: `A${n}`, refreshToken: `R${n}`, expiresInSeconds: 900 } }; },
    onRenewed: (a) => renewed.push(a.accessToken),
    ...clock,
  });
  keeper.set(authFromAnswer({ accessToken: 'A0', refreshToken: 'R0', expiresInSeconds: 900, operator: { id: 'op' } }, clock.now()));
  assert.equal(await keeper.token(), 'A0');
  assert.equal(renewLeadMs(900000), 60000);

  await clock.advance(900000 - 60000 - 1);
  assert.deepEqual(calls, []);
  await clock.advance(1);
  assert.deepEqual(calls, ['R0']);
  assert.deepEqual(renewed, ['A1']);
  assert.equal(keeper.auth.operator.id, 'op', 'the operator is kept');

  // Two callers at once share one renewal (a refresh token works once).
  const [a, b] = await Promise.all([keeper.renew(), keeper.renew()]);
  assert.equal(a && b, true);
  assert.deepEqual(calls, ['R0', 'R1']);
  assert.equal(await keeper.token(), 'A2');
});

test('tokens: a token past its time is renewed before use; a refused renewal signs out', async () => {
  const clock = fakeTimers();
  let refused = 0;
  let answer = { ok: true, status: 200, data: { accessToken: 'A1', refreshToken: 'R1', expiresInSeconds: 900 } };
  const keeper = createTokenKeeper({ refreshFn: async () => answer, onRefused: () => refused++, ...clock, setTimer: () => 0, clearTimer: () => {} });
  keeper.set(authFromAnswer({ accessToken: 'A0', refreshToken: 'R0', expiresInSeconds: 900 }, clock.now()));
  await clock.advance(899000);
  assert.equal(await keeper.token(), 'A1');

  answer = { ok: false, status: 401 };
  assert.equal(await keeper.renew(), false);
  assert.equal(refused, 1);
  assert.equal(await keeper.token(), '');
});

test('staff API: a 401 renews the token once and retries, then gives up', async () => {
  const seen = [];
  let token = 'old';
  let unauthorized = 0;
  const api = createStaffApi({
    fetchFn: async (url, init) => { seen.push(init.headers.Authorization); return init.headers.Authorization === 'Bearer new' ? jsonResponse(200, { ok: 1 }) : jsonResponse(401, {}); },
    getToken: async () => token,
    renew: async () => { if (token === 'old') { token = 'new'; return true; } return false; },
    onUnauthorized: () => unauthorized++,
  });
  assert.deepEqual(await api.get('/x'), { ok: true, status: 200, data: { ok: 1 } });
  assert.deepEqual(seen, ['Bearer old', 'Bearer new']);
  assert.equal(unauthorized, 0);
});
