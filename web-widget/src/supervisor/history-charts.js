// The supervisor's history section: service-level gauges per queue and bar/area charts per 5/15/60-minute bucket.
// index.js owns the data and calls renderGauges / renderBucketCharts; everything drawn here is rebuilt on each call.

import { makeH, clear } from '../shared/dom.js';
import { axisLabel } from './charts.js';
import { drawBucketChart, rebucket } from './bucket-charts.js';
import { drawGauge, serviceLevels } from './gauge.js';

const FIVE_MIN = 5 * 60 * 1000;

/** The end of the newest history bucket: the page's "now" for the gauges (the server's clock, not the browser's). */
export function historyNow(history) {
  const times = (history || []).map((r) => Date.parse(r?.at)).filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) + FIVE_MIN : 0;
}

/** One gauge per queue: SLA attainment over the last hour against the queue's target (the forecast's, else 80 %). */
export function renderGauges(doc, box, { history, forecast, t }) {
  const h = makeH(doc);
  clear(box);
  const targets = new Map((forecast || []).filter((f) => f.channel !== 'call').map((f) => [String(f.queue), typeof f.target?.share === 'number' ? f.target.share * 100 : 80]));
  for (const g of serviceLevels(history, historyNow(history))) {
    const target = targets.get(g.queue) ?? 80;
    const level = g.level === null ? '—' : `${Math.round(g.level)} %`;
    box.appendChild(drawGauge(doc, {
      queue: g.queue, level: g.level, target,
      label: t('gaugeLabel', { queue: g.queue, level, target: `${Math.round(target)} %` }),
      caption: h('span', null, h('strong', null, t('gaugeQueue', { queue: g.queue })), ' ', t('gaugeTarget', { target: `${Math.round(target)} %` })),
    }));
  }
}

/** A screen-reader line for a chart: its period and, per series, the highest and the latest value. */
function summary(t, title, labels, series) {
  const parts = series.map(({ name, values }) => {
    const known = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
    const figures = known.length
      ? t('chartFigures', { max: axisLabel(Math.max(...known)), last: axisLabel(known[known.length - 1]) })
      : t('chartNoFigures');
    return name ? `${name}: ${figures}` : figures;
  });
  return t('chartSummary', { title, from: labels[0], to: labels[labels.length - 1], figures: parts.join('; ') });
}

/**
 * Draws the three charts for 5-minute `points` folded into `minutes` buckets: waiting and answered as bars, first
 * reply and SLA as areas. Returns the folded points and their labels (for the table behind the charts).
 */
export function renderBucketCharts(doc, box, { points, minutes, t, timeLabel }) {
  clear(box);
  const folded = rebucket(points, minutes);
  const labels = folded.map((p) => timeLabel(p.at));
  const chart = (kind, titleKey, series, unitKey, fixedMax, testId) => {
    // A single series is named by the chart's title; its legend shows only the unit.
    const named = series.map((s) => ({ ...s, name: s.nameKey ? t(s.nameKey) : '' }));
    box.appendChild(drawBucketChart(doc, {
      kind, title: t(titleKey), label: summary(t, t(titleKey), labels, named), series: named, xLabels: labels,
      unit: t(unitKey, { minutes }), fixedMax, testId,
    }));
  };
  chart('bar', 'chartWaitingAnswered', [
    { nameKey: 'legendWaiting', values: folded.map((p) => p.waiting), className: 'st-fill-a', keyClass: 'st-key-a' },
    { nameKey: 'legendAnswered', values: folded.map((p) => p.answered), className: 'st-fill-b', keyClass: 'st-key-b' },
  ], 'unitPerBucket', undefined, 'chart-volume');
  chart('area', 'chartFirstReply', [{ values: folded.map((p) => p.firstReply), className: 'st-fill-a', keyClass: 'st-key-a' }],
    'unitSeconds', undefined, 'chart-first-reply');
  chart('area', 'chartSla', [{ values: folded.map((p) => p.sla), className: 'st-fill-b', keyClass: 'st-key-b' }],
    'unitPercent', 100, 'chart-sla');
  return { points: folded, labels };
}
