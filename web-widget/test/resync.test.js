import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGapKeeper } from '../src/shared/resync.js';
import { manualTimers, flush } from './support.js';

function keeper({ fails = 0, random = () => 0.5 } = {}) {
  const timers = manualTimers();
  const calls = [];
  let left = fails;
  const delays = [];
  const spy = { setTimeout(fn, ms) { delays.push(ms); return timers.setTimeout(fn, ms); }, clearTimeout: (id) => timers.clearTimeout(id) };
  const k = createGapKeeper({
    fetchMissing: async () => { calls.push('fetch'); if (left-- > 0) throw new Error('store_unavailable'); },
    timers: spy,
    random,
  });
  return { k, timers, calls, delays };
}

test('a Resync fetches once, after a random share of a second so a whole node does not ask at the same instant', async () => {
  const { k, timers, calls, delays } = keeper({ random: () => 0.25 });
  k.resync();
  k.resync();
  assert.deepEqual(delays, [250], 'two Resyncs before the fetch make one fetch');
  await timers.runAll();
  assert.deepEqual(calls, ['fetch']);
  assert.equal(timers.size, 0);
});

test('a failed fetch is retried with back-off, then given up until the next gap', async () => {
  const { k, timers, calls, delays } = keeper({ fails: 10 });
  k.now();
  for (let i = 0; i < 6; i++) await timers.runAll();
  assert.equal(calls.length, 6, 'the first try and five retries');
  assert.deepEqual(delays, [0, 1000, 2000, 4000, 8000, 16000]);
  assert.equal(timers.size, 0);
  k.resync();
  assert.equal(timers.size, 1, 'a later Resync starts again');
});

test('a skipped number waits a moment (it may still arrive), a reconnect does not wait', async () => {
  const { k, timers, delays } = keeper();
  k.hole();
  assert.deepEqual(delays, [1500]);
  k.now();
  assert.deepEqual(delays, [1500, 0], 'the sooner request replaces the later one');
  assert.equal(timers.size, 1);
});

test('a gap reported while a fetch runs makes one more fetch after it', async () => {
  let release;
  const timers = manualTimers();
  const calls = [];
  const k = createGapKeeper({
    fetchMissing: () => { calls.push('fetch'); return calls.length === 1 ? new Promise((r) => { release = r; }) : Promise.resolve(); },
    timers,
    random: () => 0,
  });
  k.now();
  const first = timers.runAll();
  await flush();
  k.resync();
  k.resync();
  release();
  await first;
  await timers.runAll();
  assert.deepEqual(calls, ['fetch', 'fetch']);
});
