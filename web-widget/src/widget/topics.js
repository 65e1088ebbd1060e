// The topic picker's choices: the queues the server lists in /api/status — the line's own, when the widget is embedded
// for a line (data-line: docs/lines.md) — in the server's order; the four departments until the status is known.

import { TOPICS } from './status.js';

const QUEUE_ID = /^\d{3}$/;

/** The queue ids to offer, from an /api/status body (or null). */
export function topicsOf(status) {
  const ids = status && Array.isArray(status.queues)
    ? status.queues.map((q) => q && q.id).filter((id) => typeof id === 'string' && QUEUE_ID.test(id))
    : [];
  return ids.length ? [...new Set(ids)] : TOPICS;
}

/** A topic's label: the widget's own text (topic101…) when it has one, else the queue's name from the server. */
export function topicLabel(id, status, lang, t) {
  const key = `topic${id}`;
  const own = t(lang, key);
  if (own !== key) return own;
  const q = status && Array.isArray(status.queues) ? status.queues.find((x) => x && x.id === id) : null;
  const name = q && (lang === 'ru' ? q.name : q.nameEn || q.name);
  return typeof name === 'string' && name ? name : id;
}

/**
 * Makes the select offer exactly `ids` (then the "not sure" option, value ''), labelled in `lang`; keeps the citizen's
 * choice when it is still offered, else selects the first topic. Only touches the DOM when something changed.
 */
export function syncTopicOptions(select, ids, label, makeOption) {
  const offered = [...select.options].map((o) => o.value).filter((v) => v !== '');
  const auto = [...select.options].find((o) => o.value === '');
  if (offered.join(',') !== ids.join(',')) {
    const chosen = select.value;
    for (const o of [...select.options]) if (o.value !== '') o.remove();
    for (const id of ids) select.insertBefore(makeOption(id), auto || null);
    select.value = chosen === '' || ids.includes(chosen) ? chosen : ids[0];
  }
  for (const o of select.options) {
    if (o.value === '') continue;
    const text = label(o.value);
    if (o.textContent !== text) o.textContent = text;
  }
}
