// Small inline-SVG line charts. The series maths is pure (tested); drawing uses makeSvg and makeH.

import { makeH, makeSvg } from '../shared/dom.js';

const FIVE_MIN = 5 * 60 * 1000;

/**
 * Folds history rows ({at, queue, waiting, answered, avgFirstReplySeconds, slaAttainment}) into one
 * point per 5-minute bucket, for one queue or all ('').
 * waiting/answered are summed; first reply and SLA are averaged weighted by answered.
 */
export function aggregateHistory(history, queue) {
  const buckets = new Map();
  for (const row of history || []) {
    if (!row || (queue && String(row.queue) !== queue)) continue;
    const t = Date.parse(row.at);
    if (Number.isNaN(t)) continue;
    const key = Math.floor(t / FIVE_MIN) * FIVE_MIN;
    const b = buckets.get(key) || { at: key, waiting: 0, answered: 0, replyWeighted: 0, replyWeight: 0, slaWeighted: 0, slaWeight: 0 };
    const answered = Number(row.answered) || 0;
    b.waiting += Number(row.waiting) || 0;
    b.answered += answered;
    const w = answered > 0 ? answered : 1;
    if (typeof row.avgFirstReplySeconds === 'number') { b.replyWeighted += row.avgFirstReplySeconds * w; b.replyWeight += w; }
    if (typeof row.slaAttainment === 'number') {
      const pct = row.slaAttainment <= 1 ? row.slaAttainment * 100 : row.slaAttainment;
      b.slaWeighted += pct * w; b.slaWeight += w;
    }
    buckets.set(key, b);
  }
  return [...buckets.values()].sort((a, b) => a.at - b.at).map((b) => ({
    at: b.at,
    waiting: b.waiting,
    answered: b.answered,
    firstReply: b.replyWeight ? b.replyWeighted / b.replyWeight : null,
    sla: b.slaWeight ? b.slaWeighted / b.slaWeight : null,
  }));
}

/** SVG path "M x y L x y …" for values over [0, maxY] in a width×height box; gaps (null) break the line. */
export function linePath(values, { width, height, maxY, pad = 4 }) {
  const n = values.length;
  if (!n) return '';
  const innerW = width - pad * 2;
  const innerH = height - pad * 2;
  const top = maxY > 0 ? maxY : 1;
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || v === undefined || Number.isNaN(v)) { pen = false; return; }
    const x = pad + (n === 1 ? innerW / 2 : (innerW * i) / (n - 1));
    const y = pad + innerH - (Math.min(Math.max(v, 0), top) / top) * innerH;
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)} `;
    pen = true;
  });
  return d.trim();
}

export function niceMax(values) {
  const max = Math.max(0, ...values.filter((v) => typeof v === 'number'));
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (max <= m * pow) return m * pow;
  return 10 * pow;
}

/** An axis value with at most one decimal ("2.5", "100"). */
export function axisLabel(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * Draws a chart: series = [{ values, className }], xLabels = times. The lines are an inline SVG named by
 * `label` (a one-line summary; the supervisor page also offers every value as a table). Axis labels are HTML
 * beside the SVG, so they keep their size when the SVG stretches and their colour contrast can be checked.
 */
export function drawChart(doc, { label, series, fixedMax, xLabels }) {
  const s = makeSvg(doc);
  const h = makeH(doc);
  const width = 320;
  const height = 120;
  const maxY = fixedMax ?? niceMax(series.flatMap((x) => x.values));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'st-chart', width: '100%', preserveAspectRatio: 'none' });
  for (const frac of [0, 0.5, 1]) {
    const y = 4 + (height - 8) * (1 - frac);
    svg.appendChild(s('line', { x1: '4', x2: String(width - 4), y1: y.toFixed(1), y2: y.toFixed(1), class: 'st-chart-grid' }));
  }
  for (const ser of series) {
    svg.appendChild(s('path', { d: linePath(ser.values, { width, height, maxY }) || 'M0 0', class: `st-chart-line ${ser.className}`, fill: 'none' }));
  }
  const yAxis = h('div', { className: 'st-chart-y', 'aria-hidden': 'true' },
    ...[1, 0.5, 0].map((frac) => h('span', null, axisLabel(maxY * frac))));
  const xAxis = h('div', { className: 'st-chart-x', 'aria-hidden': 'true' },
    h('span', null, xLabels?.[0] || ''), h('span', null, xLabels && xLabels.length > 1 ? xLabels[xLabels.length - 1] : ''));
  return h('div', { className: 'st-chart-box' }, yAxis, svg, xAxis);
}
