// window.GosChat: the page-facing API, with a queue so calls made before the script has
// loaded are not lost.
//
//   window.GosChat = window.GosChat || { q: [], onReady: function (fn) { this.q.push(fn); } };
//   GosChat.onReady(function (chat) { chat.setLanguage('en'); chat.open(); });
//
// Queued entries may be functions (called with the API) or arrays ['method', ...args].

export function createApi(controller, { languages = ['ru', 'en'] } = {}) {
  const api = {
    version: '1',
    open() { controller.open(); },
    close() { controller.close(); },
    setLanguage(lang) {
      const l = String(lang || '').toLowerCase();
      if (!languages.includes(l)) return false;
      controller.setLanguage(l);
      return true;
    },
    prefill(data) {
      if (!data || typeof data !== 'object') return;
      controller.prefill({
        name: typeof data.name === 'string' ? data.name : undefined,
        phone: typeof data.phone === 'string' ? data.phone : undefined,
      });
    },
    onReady(fn) {
      if (typeof fn === 'function') Promise.resolve().then(() => fn(api));
    },
    /** Read-only view of the conversation state (for the host page's own analytics/UI). */
    getState() {
      const s = controller.state;
      return { phase: s.phase, open: s.panelOpen, language: s.uiLang, ticket: s.session?.ticket || null };
    },
  };
  return api;
}

/** Runs whatever the page queued before load. Returns the number of queued calls run. */
export function drainQueue(previous, api) {
  if (!previous) return 0;
  const queue = Array.isArray(previous) ? previous : (Array.isArray(previous.q) ? previous.q : (Array.isArray(previous._q) ? previous._q : []));
  let n = 0;
  for (const item of queue) {
    try {
      if (typeof item === 'function') item(api);
      else if (Array.isArray(item) && typeof api[item[0]] === 'function' && item[0] !== 'onReady') api[item[0]](...item.slice(1));
      else if (Array.isArray(item) && item[0] === 'onReady' && typeof item[1] === 'function') item[1](api);
      n++;
    } catch (err) {
      if (typeof console !== 'undefined') console.error('GosChat: queued call failed', err);
    }
  }
  return n;
}
