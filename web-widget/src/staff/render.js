// DOM pieces shared by staff pages (text only, never markup).

import { makeH } from '../shared/dom.js';
import { safeHref } from '../shared/url.js';
import { formatBytes } from '../shared/files.js';
import { formatTime, formatLocalDateTime } from '../shared/time.js';
import { t } from './i18n.js';
import { messageLang, textLang } from '../shared/lang.js';

/** One message as an <li>; its text carries the conversation's language (`sessionLanguage`), which may differ from the page's. */
export function renderStaffMessage(doc, m, lang, serverBase, li, sessionLanguage) {
  const h = makeH(doc);
  const el = li || h('li', { 'data-testid': 'console-message' });
  while (el.firstChild) el.removeChild(el.firstChild);
  el.className = `st-msg st-msg--${['citizen', 'operator'].includes(m.from) ? m.from : 'system'}`;
  el.dataset.from = m.from;
  el.dataset.delivery = m.delivery;
  if (m.messageId) el.dataset.messageId = m.messageId;
  const author = m.from === 'citizen' ? t(lang, 'citizen') : m.from === 'operator' ? t(lang, 'you') : t(lang, 'system');
  el.appendChild(h('span', { className: 'st-msg-author' }, author));
  if (m.text) el.appendChild(h('p', { className: 'st-msg-text', lang: messageLang(m.from, sessionLanguage) }, m.text));
  if (m.attachment) {
    const a = m.attachment;
    const label = `📎 ${String(a.name || 'file')} (${Number.isFinite(Number(a.size)) ? formatBytes(Number(a.size), lang) : '?'})`;
    const href = safeHref(a.url, serverBase);
    el.appendChild(href
      ? h('a', { className: 'st-attachment', href, target: '_blank', rel: 'noopener noreferrer' }, label)
      : h('span', { className: 'st-attachment' }, label));
  }
  const meta = [formatTime(m.sentAt, lang)];
  if (m.delivery === 'sending') meta.push(t(lang, 'deliverySending'));
  if (m.delivery === 'failed') meta.push(t(lang, 'deliveryFailed'));
  const metaText = meta.filter(Boolean).join(' · ');
  if (metaText) el.appendChild(h('span', { className: 'st-msg-meta' }, metaText));
  return el;
}

/** Keeps an <ol> in sync with a message array, reusing nodes by key. */
export function syncList(doc, list, messages, lang, serverBase, cache, sessionLanguage) {
  const seen = new Set();
  messages.forEach((m, i) => {
    seen.add(m.key);
    const sig = `${lang}|${sessionLanguage}|${m.delivery}|${m.messageId}|${m.text}|${m.sentAt}`;
    let li = cache.get(m.key);
    if (!li) { li = renderStaffMessage(doc, m, lang, serverBase, null, sessionLanguage); cache.set(m.key, li); li._sig = sig; }
    else if (li._sig !== sig) { renderStaffMessage(doc, m, lang, serverBase, li, sessionLanguage); li._sig = sig; }
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  for (const [key, li] of cache) if (!seen.has(key)) { li.remove(); cache.delete(key); }
}

export function queueStateKey(state) {
  return { online: 'stateOnline', waiting: 'stateWaiting', unavailable: 'stateUnavailable' }[state] || 'stateUnavailable';
}

const HISTORY_STATE_KEYS = {
  closed: 'historyStateClosed', active: 'historyStateActive', queued: 'historyStateWaiting', deferred: 'historyStateWaiting',
  offered: 'historyStateWaiting', transferred: 'historyStateTransferred',
};

/**
 * Fills `box` with a citizen's earlier sessions (from GetCitizenHistory): one item per session with its
 * ticket, date, queue, state and resolution, and its messages as plain text.
 */
export function renderCitizenHistory(doc, box, items, lang) {
  const h = makeH(doc);
  while (box.firstChild) box.removeChild(box.firstChild);
  const list = Array.isArray(items) ? items : [];
  if (list.length === 0) {
    box.appendChild(h('p', { className: 'st-empty', 'data-testid': 'history-empty' }, t(lang, 'historyEmpty')));
    return;
  }
  for (const s of list) {
    const stateKey = HISTORY_STATE_KEYS[s?.state];
    const meta = [
      formatLocalDateTime(s?.createdAt, lang),
      t(lang, 'queue', { queue: s?.queue || '—' }),
      stateKey ? t(lang, stateKey) : String(s?.state || '—'),
    ].filter(Boolean).join(' · ');
    const messages = h('ol', { className: 'st-history-messages' });
    for (const m of Array.isArray(s?.messages) ? s.messages : []) {
      const author = m?.from === 'citizen' ? t(lang, 'citizen') : m?.from === 'operator' ? (s?.operatorName || t(lang, 'historyOperator')) : t(lang, 'system');
      const text = m?.text || (m?.attachment ? `📎 ${String(m.attachment.name || 'file')}` : '');
      messages.appendChild(h('li', { className: `st-msg st-msg--${['citizen', 'operator'].includes(m?.from) ? m.from : 'system'}` },
        h('span', { className: 'st-msg-author' }, author),
        h('p', { className: 'st-msg-text', lang: messageLang(m?.from, s?.language) || textLang(text) }, text),
        h('span', { className: 'st-msg-meta' }, formatTime(m?.sentAt, lang))));
    }
    box.appendChild(h('details', { className: 'st-history-item', 'data-testid': 'history-item', 'data-session-id': String(s?.sessionId || '') },
      h('summary', null, h('strong', null, t(lang, 'ticket', { ticket: s?.ticket || '—' })), ` · ${meta}`),
      s?.resolution ? h('p', { className: 'st-history-resolution' }, t(lang, 'historyResolution', { resolution: '' }), h('span', { lang: textLang(s.resolution) }, s.resolution)) : null,
      messages));
  }
}

/** A configured or personal text (a queue's or an operator's name) in its own language when that is Russian. */
export function namePart(doc, text) {
  return makeH(doc)('span', { lang: textLang(text) }, String(text ?? ''));
}
