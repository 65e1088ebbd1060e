import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastRows } from '../src/supervisor/forecast.js';
import { abandonedAfterText, figureRows, periodQuery, requestCellText } from '../src/supervisor/figures.js';

test('forecast rows share one scale, and the gap is what is missing', () => {
  const rows = forecastRows([
    { queue: '101', operatorsNeeded: 4, operatorsPresent: 1, arrivalsPerHour: 30, handleSeconds: 300, target: { share: 0.8, withinSeconds: 120 }, serviceLevel: 0.2 },
    { queue: '102', operatorsNeeded: 1, operatorsPresent: 2 },
    { queue: '103', operatorsNeeded: 0, operatorsPresent: 0 },
  ]);
  assert.deepEqual(rows.map((r) => [r.queue, r.gap, r.neededShare, r.presentShare]),
    [['101', 3, 1, 0.25], ['102', 0, 0.25, 0.5], ['103', 0, 0, 0]]);
  assert.equal(rows[0].targetSeconds, 120);
  assert.equal(rows[1].serviceLevel, null);
  assert.deepEqual(forecastRows(null), []);
  assert.deepEqual(forecastRows([{ queue: '102', channel: 'call' }, { queue: '102' }]).map((r) => r.channel), ['call', 'chat']);
});

test('a period becomes the query of /api/stats', () => {
  assert.equal(periodQuery('', ''), '');
  assert.equal(periodQuery('2026-11-23', '', 'csv'), '?from=2026-11-23&format=csv');
  assert.equal(periodQuery('2026-11-01', '2026-11-23'), '?from=2026-11-01&to=2026-11-23');
});

test('figure rows: queues, channels, operators by name, then the total', () => {
  const row = (key) => ({ key, offered: 1 });
  const report = { queues: [row('101')], channels: [row('chat'), row('call')], operators: [row('op101'), row('op9')], total: row('all') };
  const rows = figureRows(report, { op101: 'Анна' }, (k) => `<${k}>`);
  assert.deepEqual(rows.map((r) => [r.group, r.label]),
    [['queue', '101'], ['channel', '<channelChats>'], ['channel', '<channelCalls>'], ['operator', 'Анна'], ['operator', 'op9'], ['total', '<total>']]);
  assert.deepEqual(figureRows(null, {}, (k) => k), []);
});

test('abandoned after: median / 90th percentile, then the five bands; requests with those not yet due', () => {
  const fmt = (s) => (typeof s === 'number' ? `${s}s` : '—');
  assert.equal(abandonedAfterText({ abandoned: 2, abandonedAfterP50: 90, abandonedAfterP90: 300, abandonedAfterDistribution: [0, 0, 1, 0, 1] }, fmt),
    '90s / 300s · 0 · 0 · 1 · 0 · 1');
  assert.equal(abandonedAfterText({ abandoned: 0, abandonedAfterDistribution: [0, 0, 0, 0, 0] }, fmt), '—');
  const pct = (v) => `${Math.round(v * 100)} %`;
  const t = (k, v) => `${k}:${v.n}`;
  assert.equal(requestCellText({ requests: 4, requestsPending: 1, sla: { request: 0.5 } }, pct, t), '50 % (4); requestsPending:1');
  assert.equal(requestCellText({ requests: 0, requestsPending: 2, sla: { request: null } }, pct, t), '—; requestsPending:2');
  assert.equal(requestCellText({ requests: 0, sla: {} }, pct, t), '—');
});
