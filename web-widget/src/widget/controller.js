// Wires the pure state machine to the hub, HTTP and storage. No DOM here: the view subscribes.
//
// deps:
//   hub      { start(), invoke(name, ...args), on(name, fn), onState(fn), connected() }
//   fetchFn  fetch-compatible
//   persist  { load(), save(data), clear() }
//   timers   { setTimeout, clearTimeout }
//   now      () => ms
//   random   () => [0, 1), spreads fetches after a Resync
//   signedUser { id, expires, signature } | null: the user the host page's site signed (sent with StartSession)
//   line: the line the widget is embedded for (data-line; docs/lines.md) | null: its topics and hours, sent with StartSession

import { initialState, reduce, canWrite } from './state.js';
import * as outboxOps from './outbox.js';
import { checkAttachment } from '../shared/files.js';
import { hubErrorText, isServerError, problemText } from '../shared/errors.js';
import { apiUrl } from '../shared/url.js';
import { newId } from '../shared/ids.js';
import { watermark, hasHole } from '../shared/messages.js';
import { createGapKeeper } from '../shared/resync.js';

const RECONNECT_DELAYS = [0, 1000, 2000, 5000, 10000, 20000, 30000];
const STATUS_REFRESH_MS = 60_000;
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

export function createController({ serverBase, hub, fetchFn, persist, timers, now, uiLang, idFactory = newId, random = Math.random, signedUser = null,
  line = null }) {
  let state = initialState({ uiLang });
  const listeners = new Set();
  const stored = persist.load();
  let resumeToken = stored.resumeToken;
  let outbox = outboxOps.resetTimers(stored.outbox, now());
  let connectAttempt = 0;
  let connecting = null;
  let flushTimer = null;
  let statusTimer = null;
  let typingSentAt = 0;
  let typingIdleTimer = null;
  let disposed = false;

  function dispatch(action) {
    const next = reduce(state, action);
    if (next === state) return;
    state = next;
    for (const l of listeners) l(state, action);
  }

  function save() {
    if (!resumeToken && !outbox.length) { persist.clear(); return; }
    persist.save({ resumeToken, sessionId: state.session?.sessionId || null, ticket: state.session?.ticket || null, outbox });
  }

  // ---- connection -------------------------------------------------------------------------

  hub.on('QueueUpdate', (e) => dispatch({ type: 'queueUpdate', position: e?.position, estimatedWaitSeconds: e?.estimatedWaitSeconds }));
  hub.on('OperatorJoined', (e) => dispatch({ type: 'operatorJoined', operatorName: e?.operatorName }));
  hub.on('Message', (m) => {
    dispatch({ type: 'message', message: m });
    if (hasHole(state.messages)) gaps.hole();
  });
  // This client's node lost pushes (its backplane subscription was down): fetch what was not shown.
  hub.on('Resync', () => gaps.resync());
  hub.on('Typing', (e) => dispatch({ type: 'typing', from: e?.from, isTyping: e?.isTyping }));
  hub.on('SessionClosed', (e) => {
    dispatch({ type: 'sessionClosed', sessionId: e?.sessionId, reason: e?.reason });
    forgetSession();
  });

  // A closed session is not resumed from this browser again: its token is dropped from memory and storage. The open
  // connection stays bound to the session, so the citizen can still rate it and open its files.
  function forgetSession() {
    resumeToken = null;
    outbox = [];
    persist.clear();
  }
  hub.onState((s) => {
    dispatch({ type: 'connection', state: s });
    if (s === 'connected') onConnected();
    if (s === 'disconnected' && resumeToken && !disposed) ensureConnected();
  });

  function ensureConnected() {
    if (hub.connected()) return Promise.resolve();
    if (connecting) return connecting;
    connecting = new Promise((resolve) => {
      const attempt = () => {
        if (disposed) return;
        dispatch({ type: 'connection', state: connectAttempt ? 'offline' : 'connecting' });
        hub.start().then(() => {
          connectAttempt = 0;
          connecting = null;
          resolve();
        }, () => {
          const delay = RECONNECT_DELAYS[Math.min(++connectAttempt, RECONNECT_DELAYS.length - 1)];
          timers.setTimeout(attempt, delay);
        });
      };
      attempt();
    });
    return connecting;
  }

  async function onConnected() {
    if (resumeToken) {
      await resume();
      // A message pushed between the snapshot and the re-bind would be lost: fetch after the snapshot.
      gaps.now();
    }
    flush();
  }

  // ---- gaps ------------------------------------------------------------------------------------

  const gaps = createGapKeeper({ fetchMissing, timers, random });

  async function fetchMissing() {
    if (!state.session || state.phase === 'closed' || !hub.connected()) return; // a reconnect catches up by itself
    // Waiting in the queue, a lost OperatorJoined or SessionClosed matters as much as a message: re-read the session.
    if (state.phase === 'queued') await resume();
    const messages = await hub.invoke('GetMessages', watermark(state.messages));
    dispatch({ type: 'fetched', messages });
  }

  async function resume() {
    const token = resumeToken;
    if (!token) return;
    if (state.phase === 'prechat') dispatch({ type: 'resuming' });
    try {
      const snapshot = await hub.invoke('ResumeSession', token);
      if (token !== resumeToken) return;
      dispatch({ type: 'snapshot', snapshot });
      if (snapshot && snapshot.state === 'closed') forgetSession();
      else save();
    } catch (err) {
      if (isServerError(err)) {
        // The server no longer knows this session: start over, nothing to resume.
        resumeToken = null;
        outbox = [];
        persist.clear();
        dispatch({ type: 'resumeFailed', notice: { key: 'resumeFailed' } });
      }
      // Network failure: keep everything; the next reconnect tries again.
    }
  }

  // ---- outbox --------------------------------------------------------------------------------

  function scheduleFlush() {
    if (flushTimer) timers.clearTimeout(flushTimer);
    flushTimer = null;
    const wait = outboxOps.nextDueIn(outbox, now());
    if (wait === null) return;
    flushTimer = timers.setTimeout(() => { flushTimer = null; flush(); }, wait);
  }

  function flush() {
    if (!hub.connected() || !state.session || state.phase === 'closed') { scheduleFlush(); return; }
    for (const entry of outboxOps.due(outbox, now())) trySend(entry);
    scheduleFlush();
  }

  const inFlight = new Set();

  async function trySend(entry) {
    if (inFlight.has(entry.clientMessageId)) return;
    inFlight.add(entry.clientMessageId);
    dispatch({ type: 'sendRetry', clientMessageId: entry.clientMessageId });
    try {
      const result = await hub.invoke('SendMessage', entry.text, entry.clientMessageId);
      outbox = outboxOps.remove(outbox, entry.clientMessageId);
      save();
      dispatch({ type: 'sendOk', clientMessageId: entry.clientMessageId, messageId: result?.messageId, sentAt: result?.sentAt, seq: result?.seq });
    } catch (err) {
      outbox = outboxOps.recordFailure(outbox, entry.clientMessageId, now());
      save();
      dispatch({ type: 'sendFailed', clientMessageId: entry.clientMessageId });
      if (isServerError(err)) dispatch({ type: 'error', message: { text: hubErrorText(err) } });
    } finally {
      inFlight.delete(entry.clientMessageId);
      scheduleFlush();
    }
  }

  // ---- status -------------------------------------------------------------------------------

  async function refreshStatus() {
    try {
      const path = line ? `/api/status?line=${encodeURIComponent(line)}` : '/api/status';
      const res = await fetchFn(apiUrl(serverBase, path), { headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      dispatch({ type: 'status', status: await res.json() });
    } catch {
      dispatch({ type: 'status', status: null });
    }
  }

  function scheduleStatus() {
    statusTimer = timers.setTimeout(async () => {
      if (state.phase === 'prechat' || state.phase === 'closed') await refreshStatus();
      if (!disposed) scheduleStatus();
    }, STATUS_REFRESH_MS);
  }

  // ---- public API ---------------------------------------------------------------------------

  return {
    get state() { return state; },
    subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    dispatch,

    async init() {
      const statusLoaded = refreshStatus();
      scheduleStatus();
      if (resumeToken) {
        dispatch({ type: 'resuming' });
        // Show what was typed but never acknowledged; the snapshot merge de-duplicates it.
        for (const e of outbox) dispatch({ type: 'localSend', clientMessageId: e.clientMessageId, text: e.text, at: e.createdAt });
        ensureConnected();
      }
      await statusLoaded;
    },

    open() { dispatch({ type: 'open' }); },
    close() { dispatch({ type: 'close' }); },
    setLanguage(lang) { dispatch({ type: 'language', lang }); },
    prefill(data) { dispatch({ type: 'prefill', ...(data || {}) }); },
    refreshStatus,

    /** form: { topic: '101'..'104' | '', text, language, kind, name, phone, continueRequest?: { ticket, accessCode } } */
    async startSession(form) {
      if (state.phase !== 'prechat') return;
      const request = {};
      const text = (form.text || '').trim();
      if (form.topic) request.topic = form.topic;
      if (text) request.text = text;
      if (form.language) request.language = form.language;
      if (form.kind) request.kind = form.kind;
      if (form.name && form.name.trim()) request.name = form.name.trim();
      if (form.phone && form.phone.trim()) request.phone = form.phone.trim();
      if (signedUser) request.user = signedUser;
      if (line) request.line = line;
      // "Reply in chat" from My requests: the request's ticket and code, checked by the server (requests.js).
      if (form.continueRequest) request.continueRequest = { ticket: form.continueRequest.ticket, accessCode: form.continueRequest.accessCode };
      const initialClientMessageId = text ? idFactory() : null;
      dispatch({
        type: 'start',
        request,
        initialMessage: text ? { clientMessageId: initialClientMessageId, text, createdAt: now() } : null,
      });
      try {
        await ensureConnected();
        const started = await hub.invoke('StartSession', request);
        resumeToken = started.resumeToken || null;
        dispatch({ type: 'started', payload: started, initialClientMessageId, language: request.language });
        save();
      } catch (err) {
        dispatch({ type: 'startFailed', message: isServerError(err) ? { text: hubErrorText(err) } : { key: 'errorGeneric' } });
      }
    },

    send(rawText) {
      const text = (rawText || '').trim();
      if (!text || !canWrite(state)) return false;
      const clientMessageId = idFactory();
      const at = now();
      dispatch({ type: 'localSend', clientMessageId, text, at });
      outbox = outboxOps.enqueue(outbox, { clientMessageId, text, createdAt: at });
      save();
      this.typing(false);
      flush();
      return true;
    },

    typing(isTyping) {
      if (!canWrite(state) || !hub.connected()) return;
      const t = now();
      if (typingIdleTimer) { timers.clearTimeout(typingIdleTimer); typingIdleTimer = null; }
      if (isTyping) {
        if (t - typingSentAt > TYPING_REPEAT_MS) {
          typingSentAt = t;
          hub.invoke('Typing', true).catch(() => {});
        }
        typingIdleTimer = timers.setTimeout(() => this.typing(false), TYPING_IDLE_MS);
      } else if (typingSentAt) {
        typingSentAt = 0;
        hub.invoke('Typing', false).catch(() => {});
      }
    },

    async upload(file) {
      const name = file && file.name ? String(file.name) : '';
      const check = checkAttachment(file);
      if (!check.ok) {
        const key = { type: 'fileTypeError', size: 'fileSizeError', empty: 'fileEmptyError' }[check.reason];
        dispatch({ type: 'error', message: { key, vars: { name } } });
        return false;
      }
      if (!state.session || !resumeToken || !canWrite(state)) return false;
      const id = idFactory();
      dispatch({ type: 'uploadStart', id, name });
      try {
        const body = new FormData();
        body.append('file', file, name);
        const res = await fetchFn(apiUrl(serverBase, `/api/sessions/${encodeURIComponent(state.session.sessionId)}/attachments`), {
          method: 'POST',
          headers: { 'X-Resume-Token': resumeToken },
          body,
        });
        if (res.status === 404 || res.status === 405 || res.status === 501) {
          dispatch({ type: 'error', message: { key: 'uploadUnavailable' } });
          return false;
        }
        if (res.status === 413) {
          dispatch({ type: 'error', message: { key: 'fileSizeError', vars: { name } } });
          return false;
        }
        if (!res.ok) {
          dispatch({ type: 'error', message: { key: 'uploadFailed', vars: { name, reason: await problemText(res) } } });
          return false;
        }
        return await res.json().catch(() => true);
      } catch {
        dispatch({ type: 'error', message: { key: 'uploadFailed', vars: { name, reason: 'network' } } });
        return false;
      } finally {
        dispatch({ type: 'uploadEnd', id });
      }
    },

    async closeSession() {
      if (!state.session || state.phase === 'closed') return;
      try {
        await ensureConnected();
        await hub.invoke('CloseSession');
        dispatch({ type: 'sessionClosed', sessionId: state.session.sessionId, reason: null });
        forgetSession();
      } catch (err) {
        dispatch({ type: 'error', message: isServerError(err) ? { text: hubErrorText(err) } : { key: 'errorGeneric' } });
      }
    },

    async rate(score, comment) {
      if (state.phase !== 'closed' || state.rating) return;
      const s = Math.round(Number(score));
      if (!(s >= 1 && s <= 5)) return;
      try {
        await ensureConnected();
        const c = (comment || '').trim();
        await (c ? hub.invoke('Rate', s, c) : hub.invoke('Rate', s, null));
        dispatch({ type: 'rated', score: s });
        resumeToken = null;
        outbox = [];
        persist.clear();
      } catch (err) {
        dispatch({ type: 'error', message: isServerError(err) ? { text: hubErrorText(err) } : { key: 'errorGeneric' } });
      }
    },

    newChat() {
      resumeToken = null;
      outbox = [];
      persist.clear();
      dispatch({ type: 'reset' });
      refreshStatus();
    },

    /** Test hook and page-unload helper. */
    dispose() {
      disposed = true;
      gaps.dispose();
      if (flushTimer) timers.clearTimeout(flushTimer);
      if (statusTimer) timers.clearTimeout(statusTimer);
      if (typingIdleTimer) timers.clearTimeout(typingIdleTimer);
    },
    get outbox() { return outbox; },
    /**
     * A short-lived signed download link of one of the session's attachments (absolute URL), or null. Links carry
     * no token: the server signs them for this connection's session.
     */
    async attachmentLink(attachmentId) {
      if (!attachmentId || !state.session) return null;
      try {
        await ensureConnected();
        const link = await hub.invoke('GetAttachmentLink', attachmentId);
        return link && typeof link.url === 'string' ? apiUrl(serverBase, link.url) : null;
      } catch (err) {
        dispatch({ type: 'error', message: isServerError(err) ? { text: hubErrorText(err) } : { key: 'errorGeneric' } });
        return null;
      }
    },
  };
}
