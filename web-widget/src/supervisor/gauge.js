// Service-level gauges: per queue, the share of first replies within the deadline over the last hour of the
// 5-minute history, as a half-circle dial with the target marked. The maths is pure (tested).

import { makeH, makeSvg } from '../shared/dom.js';

const HOUR = 60 * 60 * 1000;

/**
 * Per queue: the SLA attainment (0–100) over the buckets that start within `windowMs` before `now`, weighted by
 * answered (1 when none answered, as the charts do); null when no bucket had a first reply. Sorted by queue id.
 */
export function serviceLevels(history, now, windowMs = HOUR) {
  const by = new Map();
  for (const row of history || []) {
    if (!row) continue;
    const q = String(row.queue);
    const at = Date.parse(row.at);
    const e = by.get(q) || { queue: q, weighted: 0, weight: 0, answered: 0 };
    by.set(q, e);
    if (Number.isNaN(at) || at < now - windowMs || at > now) continue;
    e.answered += Number(row.answered) || 0;
    if (typeof row.slaAttainment === 'number') {
      const w = Number(row.answered) > 0 ? Number(row.answered) : 1;
      e.weighted += (row.slaAttainment <= 1 ? row.slaAttainment * 100 : row.slaAttainment) * w;
      e.weight += w;
    }
  }
  return [...by.values()].sort((a, b) => a.queue.localeCompare(b.queue))
    .map((e) => ({ queue: e.queue, level: e.weight ? e.weighted / e.weight : null, answered: e.answered }));
}

/** The point on the dial (centre cx, cy, radius r) for a share 0–1: 0 at the left, 1 at the right, over the top. */
export function dialPoint(share, cx, cy, r) {
  const a = Math.PI * (1 - Math.min(Math.max(share, 0), 1));
  return { x: cx + r * Math.cos(a), y: cy - r * Math.sin(a) };
}

/** The SVG arc from the left end of the dial to `share`. */
export function dialArc(share, cx, cy, r) {
  const end = dialPoint(share, cx, cy, r);
  return `M${(cx - r).toFixed(1)} ${cy.toFixed(1)} A${r} ${r} 0 0 1 ${end.x.toFixed(1)} ${end.y.toFixed(1)}`;
}

/** One gauge: the dial, the level in large type, the target; `bad` when below the target. */
export function drawGauge(doc, { queue, level, target, label, caption }) {
  const s = makeSvg(doc);
  const h = makeH(doc);
  const cx = 60, cy = 56, r = 46;
  const known = typeof level === 'number';
  const bad = known && level < target;
  const svg = s('svg', { viewBox: '0 0 120 64', role: 'img', 'aria-label': label, class: 'st-gauge-dial', width: '120', height: '64' });
  svg.appendChild(s('path', { d: dialArc(1, cx, cy, r), class: 'st-gauge-track', fill: 'none' }));
  if (known && level > 0) svg.appendChild(s('path', { d: dialArc(level / 100, cx, cy, r), class: bad ? 'st-gauge-value st-gauge-bad' : 'st-gauge-value', fill: 'none' }));
  const inner = dialPoint(target / 100, cx, cy, r - 9);
  const outer = dialPoint(target / 100, cx, cy, r + 7);
  svg.appendChild(s('line', { x1: inner.x.toFixed(1), y1: inner.y.toFixed(1), x2: outer.x.toFixed(1), y2: outer.y.toFixed(1), class: 'st-gauge-target' }));
  const text = known ? `${Math.round(level)} %` : '—';
  return h('figure', { className: bad ? 'st-gauge st-gauge--bad' : 'st-gauge', 'data-testid': 'sl-gauge', 'data-queue': queue, 'data-level': known ? String(Math.round(level)) : '' },
    svg, h('div', { className: 'st-gauge-text', 'aria-hidden': 'true' }, text), h('figcaption', null, caption));
}
