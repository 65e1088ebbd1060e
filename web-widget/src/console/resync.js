// The console's side of catching up after a gap: each open session has its own gap keeper, which fetches the
// session's messages after its watermark (GetMessages(sessionId, afterSeq)) when the server says Resync, after a
// reconnect, and when a message skips a number. A session that is no longer the operator's (returned to its queue
// while the console was away) is marked so instead.

import { watermark, hasHole } from '../shared/messages.js';
import { createGapKeeper } from '../shared/resync.js';
import { hubErrorText, isServerError } from '../shared/errors.js';

const NOT_MINE = /^(not_your_session|session_not_found)\b/;

/**
 * getHub: () => hub or null; getState: () => console state; dispatch: (action) => void.
 * timers, random: as for createGapKeeper.
 */
export function createConsoleResync({ getHub, getState, dispatch, timers = globalThis, random = Math.random }) {
  const keepers = new Map();

  function keeper(sessionId) {
    let k = keepers.get(sessionId);
    if (!k) {
      k = createGapKeeper({ fetchMissing: () => fetchMissing(sessionId), timers, random });
      keepers.set(sessionId, k);
    }
    return k;
  }

  async function fetchMissing(sessionId) {
    const hub = getHub();
    const s = getState().sessions[sessionId];
    if (!hub || !hub.connected() || !s || s.closed) return;
    try {
      const messages = await hub.invoke('GetMessages', sessionId, watermark(s.messages));
      dispatch({ type: 'fetched', sessionId, messages });
    } catch (err) {
      if (isServerError(err) && NOT_MINE.test(hubErrorText(err))) { dispatch({ type: 'released', sessionId }); return; }
      throw err;
    }
  }

  function openSessions() {
    const state = getState();
    return state.order.filter((id) => state.sessions[id] && !state.sessions[id].closed);
  }

  return {
    /** The server's Resync: every open session may have missed messages. */
    resync() { for (const id of openSessions()) keeper(id).resync(); },
    /** After a reconnect and GetState: sessions GetState no longer lists left this operator meanwhile. */
    reconnected(serverSessionIds) {
      const listed = new Set(serverSessionIds);
      for (const id of openSessions()) {
        if (!listed.has(id)) dispatch({ type: 'released', sessionId: id });
        else keeper(id).now();
      }
    },
    /** A pushed message: fetch if it skipped a number. */
    message(m) {
      const s = m?.sessionId && getState().sessions[m.sessionId];
      if (s && !s.closed && hasHole(s.messages)) keeper(m.sessionId).hole();
    },
    forget(sessionId) { keepers.get(sessionId)?.dispose(); keepers.delete(sessionId); },
    clear() { for (const k of keepers.values()) k.dispose(); keepers.clear(); },
  };
}
