// Bar and area charts of the supervisor's history in 5-, 15- or 60-minute buckets, with axes and legends.
// The maths (rebucket, barRects, areaPath, ticks) is pure and tested; drawing uses makeH and makeSvg.

import { makeH, makeSvg } from '../shared/dom.js';
import { axisLabel, niceMax } from './charts.js';

export const BUCKET_MINUTES = [5, 15, 60];

/**
 * Folds 5-minute points of aggregateHistory() into buckets of `minutes` aligned to the hour (epoch):
 * waiting and answered add up; first reply and SLA are averaged weighted by answered (1 when none answered),
 * like aggregateHistory() does. Points keep { at, waiting, answered, firstReply, sla }.
 */
export function rebucket(points, minutes) {
  const size = (BUCKET_MINUTES.includes(minutes) ? minutes : 5) * 60 * 1000;
  const buckets = new Map();
  for (const p of points || []) {
    const key = Math.floor(p.at / size) * size;
    const b = buckets.get(key) || { at: key, waiting: 0, answered: 0, rw: 0, rn: 0, sw: 0, sn: 0 };
    const w = p.answered > 0 ? p.answered : 1;
    b.waiting += p.waiting || 0;
    b.answered += p.answered || 0;
    if (typeof p.firstReply === 'number') { b.rw += p.firstReply * w; b.rn += w; }
    if (typeof p.sla === 'number') { b.sw += p.sla * w; b.sn += w; }
    buckets.set(key, b);
  }
  return [...buckets.values()].sort((a, b) => a.at - b.at).map((b) => ({
    at: b.at, waiting: b.waiting, answered: b.answered, firstReply: b.rn ? b.rw / b.rn : null, sla: b.sn ? b.sw / b.sn : null,
  }));
}

/** The y-axis ticks of a chart whose top is maxY: 0, ¼, ½, ¾ and the top. */
export function ticks(maxY) {
  return [0, 0.25, 0.5, 0.75, 1].map((f) => maxY * f);
}

const PAD = { left: 4, right: 4, top: 4, bottom: 4 };

/** Grouped bars: one group per bucket, one bar per series, each { x, y, width, height, series, index, value }. */
export function barRects(series, { width, height, maxY }) {
  const n = Math.max(0, ...series.map((s) => s.length));
  if (!n || !series.length) return [];
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const slot = innerW / n;
  const barW = (slot * 0.8) / series.length;
  const top = maxY > 0 ? maxY : 1;
  const rects = [];
  series.forEach((values, s) => values.forEach((v, i) => {
    const value = typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : 0;
    const h = (Math.min(value, top) / top) * innerH;
    rects.push({ x: PAD.left + slot * i + slot * 0.1 + barW * s, y: PAD.top + innerH - h, width: barW, height: h, series: s, index: i, value });
  }));
  return rects;
}

/**
 * A stepped area under the values: each bucket's value covers its whole slot (the same slots as the bars' groups), so a
 * lone bucket reads as a block, not a spike; gaps (null) break it into pieces that close down to the axis.
 */
export function areaPath(values, { width, height, maxY }) {
  const n = values.length;
  if (!n) return '';
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const top = maxY > 0 ? maxY : 1;
  const base = (PAD.top + innerH).toFixed(1);
  const x = (i) => (PAD.left + (innerW * i) / n).toFixed(1);
  const y = (v) => (PAD.top + innerH - (Math.min(Math.max(v, 0), top) / top) * innerH).toFixed(1);
  let d = '';
  let run = [];
  const flush = () => {
    if (run.length) d += `M${x(run[0])} ${base} ${run.map((i) => `L${x(i)} ${y(values[i])} L${x(i + 1)} ${y(values[i])}`).join(' ')} L${x(run[run.length - 1] + 1)} ${base} Z `;
    run = [];
  };
  values.forEach((v, i) => { if (typeof v === 'number' && Number.isFinite(v)) run.push(i); else flush(); });
  flush();
  return d.trim();
}

/** The x-axis labels shown: at most `max`, evenly spread, always the first and the last. */
export function xTickIndexes(n, max = 6) {
  if (n <= 0) return [];
  if (n <= max) return [...Array(n).keys()];
  const step = (n - 1) / (max - 1);
  return [...new Set([...Array(max).keys()].map((k) => Math.round(k * step)))];
}

/**
 * Draws a bar chart (kind 'bar': series side by side per bucket) or an area chart (kind 'area'), with a y axis
 * (ticks, unit), an x axis (times) and a legend. series = [{ name, values, className }]. Returns a <figure>.
 */
export function drawBucketChart(doc, { kind, title, label, series, xLabels, fixedMax, unit, testId }) {
  const s = makeSvg(doc);
  const h = makeH(doc);
  const width = 320;
  const height = 140;
  const maxY = fixedMax ?? niceMax(series.flatMap((x) => x.values));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'st-chart st-bucket-chart', width: '100%', preserveAspectRatio: 'none' });
  for (const tick of ticks(maxY)) {
    const y = PAD.top + (height - PAD.top - PAD.bottom) * (1 - tick / maxY);
    svg.appendChild(s('line', { x1: String(PAD.left), x2: String(width - PAD.right), y1: y.toFixed(1), y2: y.toFixed(1), class: 'st-chart-grid' }));
  }
  if (kind === 'bar') {
    for (const r of barRects(series.map((x) => x.values), { width, height, maxY })) {
      const rect = s('rect', { x: r.x.toFixed(1), y: r.y.toFixed(1), width: r.width.toFixed(1), height: r.height.toFixed(1), class: `st-bar ${series[r.series].className}` });
      rect.setAttribute('data-value', String(r.value));
      svg.appendChild(rect);
    }
  } else {
    for (const ser of series) {
      svg.appendChild(s('path', { d: areaPath(ser.values, { width, height, maxY }) || 'M0 0', class: `st-area ${ser.className}` }));
    }
  }
  const yAxis = h('div', { className: 'st-chart-y', 'aria-hidden': 'true' },
    ...ticks(maxY).reverse().filter((_, i) => i % 2 === 0).map((v) => h('span', null, axisLabel(v))));
  const shown = xTickIndexes(xLabels.length);
  const xAxis = h('div', { className: 'st-chart-x st-chart-x--ticks', 'aria-hidden': 'true' },
    ...shown.map((i) => h('span', null, xLabels[i] || '')));
  const legend = h('span', { className: 'st-legend' },
    ...series.filter((ser) => ser.name).map((ser) => h('span', { className: `st-key ${ser.keyClass || ''}` }, ser.name)),
    unit ? h('span', { className: 'st-muted' }, unit) : null);
  return h('figure', { className: 'st-figure', 'data-testid': testId || 'bucket-chart', 'data-kind': kind },
    h('figcaption', null, title, legend),
    h('div', { className: 'st-chart-box' }, yAxis, svg, xAxis));
}
