import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hourGrid, dayPlanText } from '../src/supervisor/day-plan.js';
import { commentRows, commentsQuery, commentText } from '../src/supervisor/comments.js';

test('the hour grid: every hour in order, a row per queue and channel (chat first), gaps against those signed in', () => {
  const hr = (hour, start, channel, needed) => ({ hour, start, channel, operatorsNeeded: needed, basis: 'history' });
  const grid = hourGrid([
    { queue: '101', operatorsPresent: 1, hours: [hr('18:00', '2026-11-24T15:00:00Z', 'call', 2), hr('17:00', '2026-11-24T14:00:00Z', 'chat', 1), hr('18:00', '2026-11-24T15:00:00Z', 'chat', 3)] },
    { queue: '102', operatorsPresent: 0, hours: [hr('19:00', '2026-11-24T16:00:00Z', 'chat', 0)] },
    { queue: '103', operatorsPresent: 2, hours: [] },
  ]);
  assert.deepEqual(grid.hours, ['17:00', '18:00', '19:00']);
  assert.deepEqual(grid.rows.map((r) => `${r.queue}/${r.channel}`), ['101/chat', '101/call', '102/chat']);
  assert.deepEqual(grid.rows[0].cells['18:00'], { needed: 3, present: 1, gap: 2, arrivalsPerHour: undefined });
  assert.equal(grid.rows[1].cells['17:00'], undefined);
  assert.equal(grid.rows[2].cells['19:00'].gap, 0);
  assert.deepEqual(hourGrid(null), { hours: [], rows: [] });
});

test('rating comments: one list of every queue, newest first, with the day', () => {
  const rows = commentRows({ queues: [
    { queue: '101', comments: [{ at: '2026-11-24T07:00:00Z', rating: 2, comment: 'Долго', day: '2026-11-24' }] },
    { queue: '102', comments: [{ at: '2026-11-24T08:00:00Z', rating: 5, comment: 'Спасибо', day: '2026-11-24' },
      { at: '2026-11-23T20:59:00Z', rating: 4, comment: 'Хорошо', day: '2026-11-23' }] },
  ] });
  assert.deepEqual(rows.map((r) => [r.queue, r.rating, r.day]), [['102', 5, '2026-11-24'], ['101', 2, '2026-11-24'], ['102', 4, '2026-11-23']]);
  assert.deepEqual(commentRows(undefined), []);
  assert.equal(commentsQuery('2026-11-20', '2026-11-24'), '?limit=10&from=2026-11-20&to=2026-11-24');
  assert.equal(commentsQuery('', ''), '?limit=10');
});

test('both sections speak Russian and English with the same placeholders', () => {
  for (const [fn, keys] of [[dayPlanText, ['title', 'short', 'cell', 'none', 'note', 'basisHistory', 'basisLastHour']], [commentText, ['title', 'note', 'none', 'scoreOf', 'error']]]) {
    for (const key of keys) {
      const ru = fn('ru', key);
      const en = fn('en', key);
      assert.notEqual(ru, key);
      assert.notEqual(en, key);
      assert.notEqual(ru, en);
      assert.deepEqual([...ru.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), [...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), key);
    }
  }
  assert.equal(dayPlanText('en', 'short', { n: 2 }), 'short by 2');
});
