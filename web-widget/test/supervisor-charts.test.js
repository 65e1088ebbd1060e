import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rebucket, barRects, areaPath, ticks, xTickIndexes } from '../src/supervisor/bucket-charts.js';
import { serviceLevels, dialPoint, dialArc } from '../src/supervisor/gauge.js';
import { historyNow } from '../src/supervisor/history-charts.js';

const T0 = Date.parse('2026-11-23T07:00:00Z');
const at = (min) => T0 + min * 60 * 1000;

test('5-minute points fold into 15- and 60-minute buckets: counts add up, times and SLA weighted by answered', () => {
  const points = [
    { at: at(0), waiting: 2, answered: 2, firstReply: 60, sla: 100 },
    { at: at(5), waiting: 1, answered: 0, firstReply: null, sla: null },
    { at: at(10), waiting: 3, answered: 1, firstReply: 150, sla: 0 },
    { at: at(15), waiting: 4, answered: 4, firstReply: 30, sla: 100 },
  ];
  assert.deepEqual(rebucket(points, 15), [
    { at: at(0), waiting: 6, answered: 3, firstReply: 90, sla: (100 * 2 + 0 * 1) / 3 },
    { at: at(15), waiting: 4, answered: 4, firstReply: 30, sla: 100 },
  ]);
  const hour = rebucket(points, 60);
  assert.equal(hour.length, 1);
  assert.deepEqual([hour[0].waiting, hour[0].answered, hour[0].firstReply], [10, 7, (60 * 2 + 150 + 30 * 4) / 7]);
  assert.deepEqual(rebucket(points, 5), points, 'five minutes changes nothing');
  assert.deepEqual(rebucket(points, 7).length, 4, 'an unknown size falls back to 5 minutes');
});

test('grouped bars share the height scale and sit side by side', () => {
  const rects = barRects([[10, 0], [5, 20]], { width: 108, height: 108, maxY: 20 });
  // 2 buckets in 100 px: slots of 50, bars of 50 × 0.8 / 2 = 20 px; inner height 100.
  assert.deepEqual(rects.map((r) => [r.series, r.index, r.x, r.width, r.height, r.y]), [
    [0, 0, 9, 20, 50, 54], [0, 1, 59, 20, 0, 104], [1, 0, 29, 20, 25, 79], [1, 1, 79, 20, 100, 4],
  ]);
  assert.deepEqual(barRects([], { width: 100, height: 100, maxY: 1 }), []);
});

test('an area steps over each bucket\'s slot, closes down to the axis and breaks at gaps', () => {
  // 4 slots of 25 px from x = 4; inner height 100 from y = 4.
  assert.equal(areaPath([10, null, 5, 10], { width: 108, height: 108, maxY: 10 }),
    'M4.0 104.0 L4.0 4.0 L29.0 4.0 L29.0 104.0 Z M54.0 104.0 L54.0 54.0 L79.0 54.0 L79.0 4.0 L104.0 4.0 L104.0 104.0 Z');
  assert.equal(areaPath([], { width: 10, height: 10, maxY: 1 }), '');
});

test('axis ticks and x labels', () => {
  assert.deepEqual(ticks(20), [0, 5, 10, 15, 20]);
  assert.deepEqual(xTickIndexes(72), [0, 14, 28, 43, 57, 71]);
  assert.deepEqual(xTickIndexes(3), [0, 1, 2]);
  assert.deepEqual(xTickIndexes(0), []);
});

test('service level per queue over the last hour, weighted by answered; none without first replies', () => {
  const row = (min, queue, answered, sla) => ({ at: new Date(at(min)).toISOString(), queue, waiting: 0, answered, slaAttainment: sla });
  const history = [
    row(-65, '101', 10, 0), // older than the hour before now: left out
    row(0, '101', 3, 1), row(30, '101', 1, 0), row(55, '101', 0, undefined),
    row(30, '102', 0, undefined),
  ];
  const now = historyNow(history);
  assert.equal(now, at(60));
  assert.deepEqual(serviceLevels(history, now), [
    { queue: '101', level: 75, answered: 4 },
    { queue: '102', level: null, answered: 0 },
  ]);
});

test('the dial runs from the left over the top to the right', () => {
  const p = (share) => { const { x, y } = dialPoint(share, 60, 56, 46); return [Math.round(x), Math.round(y)]; };
  assert.deepEqual([p(0), p(0.5), p(1), p(2)], [[14, 56], [60, 10], [106, 56], [106, 56]]);
  assert.equal(dialArc(0.5, 60, 56, 46), 'M14.0 56.0 A46 46 0 0 1 60.0 10.0');
});
