// A citizen's earlier sessions (linked by a verified identity: the telephony caller, or the host site's signed user) in each session panel of the console: loaded once per
// session through GetCitizenHistory, shown in a <details> that opens by itself when there is something.

import { clear, setText } from '../shared/dom.js';
import { renderCitizenHistory } from '../staff/render.js';

/**
 * @param shell   staff shell (h, t, lang)
 * @param invoke  (sessionId) => Promise of the history items (the hub call)
 * @param changed () => void, called when an entry's status changed (the console draws again)
 */
export function createHistories(doc, shell, invoke, changed) {
  const entries = new Map(); // sessionId -> { status: 'loading' | 'ok' | 'failed', items }

  async function load(sessionId) {
    const known = entries.get(sessionId);
    if (!sessionId || (known && known.status !== 'failed')) return;
    entries.set(sessionId, { status: 'loading', items: [] });
    changed();
    try {
      const items = await invoke(sessionId);
      entries.set(sessionId, { status: 'ok', items: Array.isArray(items) ? items : [] });
    } catch {
      entries.set(sessionId, { status: 'failed', items: [] });
    }
    changed();
  }

  /** Fills a panel's history box (v.history, v.historySummary, v.historyBody; v.historySig remembers what is drawn). */
  function render(sessionId, v) {
    const lang = shell.lang;
    const entry = entries.get(sessionId);
    const sig = `${lang}|${entry?.status}|${entry?.items.length}`;
    if (v.historySig === sig) return;
    const firstResult = entry?.status === 'ok' && !v.historySig.includes('|ok|');
    v.historySig = sig;
    v.history.hidden = !entry;
    if (!entry) return;
    const count = entry.items.length;
    setText(v.historySummary, entry.status === 'ok' ? shell.t('historyCount', { count }) : shell.t('history'));
    if (entry.status === 'ok') {
      renderCitizenHistory(doc, v.historyBody, entry.items, lang);
      if (firstResult && count > 0) v.history.open = true;
    } else {
      clear(v.historyBody);
      v.historyBody.appendChild(shell.h('p', { className: 'st-empty' }, entry.status === 'loading' ? shell.t('historyLoading') : shell.t('historyFailed')));
    }
  }

  return { load, render, forget: (sessionId) => entries.delete(sessionId), clear: () => entries.clear() };
}
