// Agent console (/console): sign-in, presence, offers, sessions in tabs, queue figures.

import { createShell } from '../staff/shell.js';
import { createHub } from '../shared/hub.js';
import { clear, setText } from '../shared/dom.js';
import { newId } from '../shared/ids.js';
import { hubErrorText, isServerError } from '../shared/errors.js';
import { formatClock } from '../shared/time.js';
import { backoffMs } from '../widget/outbox.js';
import { maskPhone, formatSeconds, deadlineLevel, secondsUntil } from '../staff/format.js';
import { syncList, queueStateKey, namePart } from '../staff/render.js';
import { makeScroller } from '../staff/scroller.js';
import { contentLang, textLang } from '../shared/lang.js';
import { initialConsoleState, reduceConsole, activeDeadlines } from './state.js';
import { normalizeConfig } from './canned.js';
import { createOffersView } from './offers.js';
import { createHistories } from './history.js';
import { createConsoleResync } from './resync.js';
import { requestCall } from './calls.js';
import { renderCallState } from './call-state.js';
import { mountRequestCard } from './request-card.js';

const doc = document;
const win = window;
const shell = createShell({ doc, win, titleKey: 'consoleTitle', requiredRole: null });
const { h, tx } = shell;
const serverBase = win.location.origin;

let state = initialConsoleState();
let hub = null;
let tick = null;
// Server time minus this browser's time (from /api/status): countdowns and expiry follow the server's clock,
// so an operator's PC with a wrong clock does not drop live offers or show odd deadlines.
let clockOffset = 0;
const serverNow = () => Date.now() + clockOffset;
const retries = new Map(); // clientMessageId -> { sessionId, text, attempts }

function dispatch(action) {
  state = reduceConsole(state, action);
  render();
}
const gaps = createConsoleResync({ getHub: () => hub, getState: () => state, dispatch }); // catching up after gaps

// ---- layout -------------------------------------------------------------------------------------
const presenceSelect = h('select', { id: 'st-presence', 'data-testid': 'presence-select' },
  tx(h('option', { value: 'available' }), 'presenceAvailable'),
  tx(h('option', { value: 'away' }), 'presenceAway'),
  tx(h('option', { value: 'offline' }), 'presenceOffline'));
presenceSelect.value = 'offline';
const connBadge = h('span', { className: 'st-conn', role: 'status', 'aria-live': 'polite', 'data-testid': 'console-connection' });
shell.headerExtra.appendChild(h('div', { className: 'st-presence' }, tx(h('label', { for: 'st-presence' }), 'presence'), presenceSelect, connBadge));

const offersView = createOffersView(shell, { accept: acceptOffer, decline: declineOffer, extend: extendOffer }, serverNow);
const noOffers = tx(h('p', { className: 'st-empty' }), 'noOffers');
const queueBody = h('tbody', { 'data-testid': 'console-queues' });
const queueTable = h('table', { className: 'st-table st-table--compact' },
  h('thead', null, h('tr', null, ...['colQueue', 'colState', 'colWaiting', 'colLongest'].map((k) => tx(h('th', { scope: 'col' }), k)))),
  queueBody);
const aside = h('aside', { className: 'st-aside' },
  h('section', { 'aria-labelledby': 'st-offers-title' }, tx(h('h2', { id: 'st-offers-title' }), 'offers'), noOffers, offersView.list, offersView.announcer),
  h('section', { 'aria-labelledby': 'st-queues-title' }, tx(h('h2', { id: 'st-queues-title' }), 'queues'), makeScroller(h, win, queueTable, 'st-queues-title')));

// Hidden while no request is open: an empty tablist is not a valid tablist.
const tabs = h('div', { className: 'st-tabs', role: 'tablist', 'data-testid': 'session-tabs', hidden: true });
tx(tabs, 'sessions', 'aria-label');
const noSessions = tx(h('p', { className: 'st-empty' }), 'noSessions');
const panels = h('div', { className: 'st-panels' });
const workspace = h('section', { className: 'st-workspace' }, tabs, noSessions, panels);
shell.main.appendChild(h('div', { className: 'st-console' }, aside, workspace));
// Request cards by ticket (request-card.js).
const requestCard = mountRequestCard({ h, shell, invoke: (...args) => (hub ? hub.invoke(...args) : Promise.reject(new Error('not connected'))),
  activeSession: () => state.activeId });
aside.appendChild(requestCard.section);
shell.onLanguage(() => requestCard.render());

// ---- offers -----------------------------------------------------------------------------------
function renderOffers() {
  noOffers.hidden = state.offers.length > 0;
  offersView.render(state.offers, serverNow());
}

async function acceptOffer(o) {
  try {
    const snapshot = await hub.invoke('AcceptOffer', o.offerId);
    dispatch({ type: 'accepted', snapshot, offer: o });
    focusInput(snapshot?.sessionId || o.sessionId);
    loadHistory(snapshot?.sessionId || o.sessionId);
    // A chat the citizen started for a request ("Reply in chat"): its card beside the chat.
    if (snapshot?.requestTicket) requestCard.show(snapshot.requestTicket);
  } catch (err) {
    dispatch({ type: 'offerGone', offerId: o.offerId });
    shell.showError({ key: 'errHub', vars: { text: hubErrorText(err) } });
  }
}

/** More time on an offer; resolves to the new { expiresAt, extensionsLeft }, or null when refused. */
async function extendOffer(o) {
  try {
    const extended = await hub.invoke('ExtendOffer', o.offerId);
    dispatch({ type: 'offerExtended', offerId: o.offerId, expiresAt: extended?.expiresAt, extensionsLeft: extended?.extensionsLeft });
    return extended;
  } catch (err) {
    const text = hubErrorText(err);
    if (text.startsWith('extension_used')) dispatch({ type: 'offerExtended', offerId: o.offerId, extensionsLeft: 0 });
    else if (isServerError(err)) dispatch({ type: 'offerGone', offerId: o.offerId });
    shell.showError({ key: 'errHub', vars: { text } });
    return null;
  }
}

async function declineOffer(o) {
  dispatch({ type: 'offerGone', offerId: o.offerId });
  try { await hub.invoke('DeclineOffer', o.offerId); } catch (err) { if (isServerError(err)) shell.showError({ key: 'errHub', vars: { text: hubErrorText(err) } }); }
}

// ---- sessions ------------------------------------------------------------------------------------
const panelViews = new Map();

function sessionTitle(s) {
  const icon = s.channel === 'call' ? '📞 ' : '💬 ';
  return `${icon}${shell.t('ticket', { ticket: s.ticket || '—' })} · ${s.queue || ''}`;
}

function createPanel(sessionId) {
  const id = `st-panel-${sessionId}`;
  const header = h('div', { className: 'st-session-head' });
  const deadlines = h('div', { className: 'st-deadlines', 'data-testid': 'session-deadlines' });
  const historySummary = h('summary', { 'data-testid': 'citizen-history-summary' });
  const historyBody = h('div', { className: 'st-history-list', 'aria-live': 'polite' });
  const history = h('details', { className: 'st-history', 'data-testid': 'citizen-history' }, historySummary, historyBody);
  // The log (a live region) wraps the list, so the messages stay a list for screen readers.
  const list = h('ol', { className: 'st-messages-list' });
  const log = h('div', { className: 'st-messages', role: 'log', 'aria-live': 'polite', 'data-testid': 'console-messages', tabindex: '0' }, list);
  const typing = h('p', { className: 'st-typing', 'aria-live': 'polite', hidden: true, 'data-testid': 'console-typing' });
  const status = h('p', { className: 'st-session-status', role: 'status', 'data-testid': 'console-session-status' });
  const callLine = h('p', { className: 'st-call', role: 'status', 'data-testid': 'console-call-state', hidden: true });
  const input = h('textarea', { id: `${id}-input`, rows: '3', className: 'st-input', 'data-testid': 'console-input' });
  const inputLabel = h('label', { for: input.id, className: 'st-sr' });
  const send = h('button', { type: 'submit', className: 'st-btn', 'data-testid': 'console-send' });
  const cannedSelect = h('select', { id: `${id}-canned`, 'data-testid': 'canned-select' });
  const cannedLabel = h('label', { for: cannedSelect.id });
  const composer = h('form', { className: 'st-composer' },
    h('div', { className: 'st-canned' }, cannedLabel, cannedSelect), inputLabel, input, send);
  const transferSelect = h('select', { id: `${id}-transfer`, 'data-testid': 'transfer-select' });
  const transferLabel = h('label', { for: transferSelect.id });
  const transferButton = h('button', { type: 'button', className: 'st-btn st-btn--ghost', 'data-testid': 'transfer-button' });
  const resolution = h('input', { id: `${id}-resolution`, type: 'text', maxlength: '500', 'data-testid': 'close-resolution' });
  const resolutionLabel = h('label', { for: resolution.id });
  const closeButton = h('button', { type: 'button', className: 'st-btn st-btn--danger', 'data-testid': 'close-session' });
  const removeTab = h('button', { type: 'button', className: 'st-btn st-btn--ghost', 'data-testid': 'remove-tab', hidden: true });
  const callButton = h('button', { type: 'button', className: 'st-btn st-btn--ghost', 'data-testid': 'request-call' });
  const actions = h('div', { className: 'st-actions' },
    h('div', { className: 'st-action' }, callButton),
    h('div', { className: 'st-action' }, transferLabel, transferSelect, transferButton),
    h('div', { className: 'st-action' }, resolutionLabel, resolution, closeButton),
    removeTab);
  const panel = h('div', { id, role: 'tabpanel', className: 'st-panel', 'data-testid': 'session-panel', 'data-session-id': sessionId, hidden: true },
    header, callLine, deadlines, history, log, typing, status, composer, actions);

  composer.addEventListener('submit', (e) => { e.preventDefault(); sendFrom(sessionId, input); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendFrom(sessionId, input); }
  });
  let typingSent = 0;
  input.addEventListener('input', () => {
    const now = Date.now();
    if (hub && input.value && now - typingSent > 3000) { typingSent = now; hub.invoke('Typing', sessionId, true).catch(() => {}); }
  });
  input.addEventListener('blur', () => { if (typingSent && hub) { typingSent = 0; hub.invoke('Typing', sessionId, false).catch(() => {}); } });
  cannedSelect.addEventListener('change', () => {
    const c = state.config.cannedReplies[Number(cannedSelect.value)];
    if (c) {
      const name = shell.auth?.operator?.name || '';
      const text = c.text.replace('{name}', name);
      input.value = input.value ? `${input.value} ${text}` : text;
    }
    cannedSelect.value = '';
    input.focus();
  });
  transferButton.addEventListener('click', async () => {
    const queue = transferSelect.value;
    if (!queue) return;
    try {
      await hub.invoke('Transfer', sessionId, queue);
      dispatch({ type: 'transferred', sessionId, queue });
    } catch (err) { shell.showError({ key: 'errHub', vars: { text: hubErrorText(err) } }); }
  });
  closeButton.addEventListener('click', async () => {
    const text = resolution.value.trim();
    if (!text) { setText(status, shell.t('resolutionRequired')); resolution.focus(); return; }
    try {
      await hub.invoke('CloseSession', sessionId, text);
      dispatch({ type: 'sessionClosed', sessionId });
    } catch (err) { shell.showError({ key: 'errHub', vars: { text: hubErrorText(err) } }); }
  });
  // Chat to voice: the citizen is asked for a number in the widget; the call then joins this session.
  callButton.addEventListener('click', () => requestCall(hub, sessionId, (key) => setText(status, shell.t(key)),
    (err) => shell.showError({ key: 'errHub', vars: { text: hubErrorText(err) } })));
  removeTab.addEventListener('click', () => {
    panelViews.get(sessionId)?.panel.remove();
    panelViews.delete(sessionId);
    histories.forget(sessionId);
    gaps.forget(sessionId);
    dispatch({ type: 'removeTab', sessionId });
  });

  const view = {
    panel, header, callLine, deadlines, history, historySummary, historyBody, historySig: '', list, typing, status, input, inputLabel, send, cannedSelect, cannedLabel, composer,
    transferSelect, transferLabel, transferButton, callButton, resolution, resolutionLabel, closeButton, removeTab, actions, cache: new Map(), optionsSig: '',
  };
  panels.appendChild(panel);
  return view;
}

function renderPanel(s, v, now) {
  const lang = shell.lang;
  clear(v.header);
  v.header.appendChild(h('strong', { 'data-testid': 'console-ticket' }, sessionTitle(s)));
  const extra = [shell.t('language', { language: s.language || '—' })];
  if (s.citizenName) extra.push(s.citizenName);
  if (s.channel === 'call' && (s.caller || s.preview)) extra.push(shell.t('callFrom', { caller: maskPhone(s.caller || s.preview) }));
  v.header.appendChild(h('span', { className: 'st-session-meta' }, ` · ${extra.join(' · ')}`));
  renderCallState(v.callLine, s.call, now, (key, vars) => shell.t(key, vars));
  clear(v.deadlines);
  for (const d of activeDeadlines(s)) {
    const level = deadlineLevel(d, now);
    const left = secondsUntil(d.dueAt, now) ?? 0;
    const name = shell.t(`deadline_${d.name}`);
    const text = left >= 0 ? shell.t('deadlineLeft', { name, time: formatClock(left) }) : shell.t('deadlineBreached', { name, time: formatClock(-left) });
    v.deadlines.appendChild(h('span', { className: `st-deadline st-deadline--${level}`, 'data-testid': 'deadline', 'data-level': level, 'data-deadline': d.name }, text));
  }
  histories.render(s.sessionId || v.panel.dataset.sessionId, v);
  syncList(doc, v.list, s.messages, lang, serverBase, v.cache, s.language);
  v.list.parentElement.setAttribute('aria-label', shell.t('messagesOf', { ticket: s.ticket || '—' }));
  // What the operator types is in the conversation's language (screen readers, spelling).
  if (contentLang(s.language)) v.input.setAttribute('lang', contentLang(s.language)); else v.input.removeAttribute('lang');
  v.typing.hidden = !s.citizenTyping;
  setText(v.typing, shell.t('citizenTyping'));
  setText(v.inputLabel, shell.t('messageLabel'));
  v.input.setAttribute('placeholder', shell.t('messagePlaceholder'));
  setText(v.send, shell.t('send'));
  setText(v.cannedLabel, shell.t('canned'));
  setText(v.transferLabel, shell.t('transferTo'));
  setText(v.transferButton, shell.t('transfer'));
  setText(v.callButton, shell.t('requestCall'));
  setText(v.resolutionLabel, shell.t('resolution'));
  v.resolution.setAttribute('placeholder', shell.t('resolutionPlaceholder'));
  setText(v.closeButton, shell.t('closeSession'));
  setText(v.removeTab, shell.t('closeTab'));
  const sig = `${lang}|${state.config.cannedReplies.length}|${state.config.queues.map((q) => q.id).join(',')}|${s.queue}`;
  if (v.optionsSig !== sig) {
    v.optionsSig = sig;
    clear(v.cannedSelect);
    v.cannedSelect.appendChild(h('option', { value: '' }, shell.t('cannedPick')));
    state.config.cannedReplies.forEach((c, i) => v.cannedSelect.appendChild(h('option', { value: String(i), lang: textLang(c.title) }, c.title)));
    clear(v.transferSelect);
    for (const q of state.config.queues) {
      if (q.id === s.queue) continue;
      v.transferSelect.appendChild(h('option', { value: q.id, lang: textLang(q.name) }, q.name && q.name !== q.id ? `${q.id} — ${q.name}` : q.id));
    }
    v.transferSelect.appendChild(h('option', { value: 'senior' }, shell.t('senior')));
  }
  const done = s.closed;
  v.composer.hidden = done;
  v.actions.querySelectorAll('.st-action').forEach((el) => { el.hidden = done; });
  v.removeTab.hidden = !done;
  if (done) setText(v.status, doneText(s));
  else if (v.status.textContent === shell.t('sessionClosed')) setText(v.status, '');
}
const doneText = (s) => (s.state === 'transferred' ? shell.t('sessionTransferred', { queue: s.transferredTo === 'senior' ? shell.t('senior') : s.transferredTo })
  : shell.t(s.state === 'released' ? 'sessionReleased' : 'sessionClosed'));

// ---- citizen history (earlier sessions of the same citizen, by phone) -----------------------------------
const histories = createHistories(doc, shell, (sessionId) => hub.invoke('GetCitizenHistory', sessionId), () => render());
const loadHistory = (sessionId) => { if (hub) histories.load(sessionId); };

const tabNodes = new Map();

function renderSessions() {
  const now = serverNow();
  noSessions.hidden = state.order.length > 0;
  tabs.hidden = state.order.length === 0;
  state.order.forEach((id, i) => {
    const s = state.sessions[id];
    let v = panelViews.get(id);
    if (!v) { v = createPanel(id); panelViews.set(id, v); }
    const selected = id === state.activeId;
    const level = activeDeadlines(s).map((d) => deadlineLevel(d, now)).reduce((a, l) => (l === 'breached' || a === 'breached' ? 'breached' : l === 'warning' || a === 'warning' ? 'warning' : 'ok'), 'ok');
    let tab = tabNodes.get(id);
    if (!tab) {
      tab = h('button', { type: 'button', role: 'tab', id: `st-tab-${id}`, 'aria-controls': v.panel.id, 'data-testid': 'session-tab', 'data-session-id': id });
      tab.addEventListener('click', () => dispatch({ type: 'activate', sessionId: id }));
      tab.addEventListener('keydown', (e) => {
        const j = state.order.indexOf(id);
        const next = e.key === 'ArrowRight' ? state.order[j + 1] : e.key === 'ArrowLeft' ? state.order[j - 1] : null;
        if (next) { e.preventDefault(); dispatch({ type: 'activate', sessionId: next }); doc.getElementById(`st-tab-${next}`)?.focus(); }
      });
      tabNodes.set(id, tab);
    }
    tab.className = `st-tab st-tab--${level}${s.closed ? ' st-tab--closed' : ''}`;
    tab.setAttribute('aria-selected', String(selected));
    tab.setAttribute('tabindex', selected ? '0' : '-1');
    setText(tab, `${sessionTitle(s)}${s.citizenTyping ? ' ✎' : ''}${unreadMark(s)}`);
    if (tabs.children[i] !== tab) tabs.insertBefore(tab, tabs.children[i] || null);
    v.panel.setAttribute('aria-labelledby', tab.id);
    v.panel.hidden = !selected;
    renderPanel(s, v, now);
  });
  for (const [id, tab] of tabNodes) if (!state.sessions[id]) { tab.remove(); tabNodes.delete(id); }
}

function unreadMark(s) {
  const last = s.messages[s.messages.length - 1];
  return last && last.from === 'citizen' && !s.closed ? ' •' : '';
}

function focusInput(sessionId) {
  setTimeout(() => panelViews.get(sessionId)?.input.focus(), 0);
}

function sendFrom(sessionId, input) {
  const text = input.value.trim();
  const s = state.sessions[sessionId];
  if (!text || !s || s.closed) return;
  input.value = '';
  const clientMessageId = newId();
  dispatch({ type: 'localSend', sessionId, clientMessageId, text, at: serverNow() });
  retries.set(clientMessageId, { sessionId, text, attempts: 0 });
  trySend(clientMessageId);
}

async function trySend(clientMessageId) {
  const r = retries.get(clientMessageId);
  if (!r) return;
  const s = state.sessions[r.sessionId];
  if (!s || s.closed) { retries.delete(clientMessageId); return; }
  dispatch({ type: 'sendRetry', sessionId: r.sessionId, clientMessageId });
  try {
    const result = await hub.invoke('SendMessage', r.sessionId, r.text, clientMessageId);
    retries.delete(clientMessageId);
    dispatch({ type: 'sendOk', sessionId: r.sessionId, clientMessageId, messageId: result?.messageId, sentAt: result?.sentAt, seq: result?.seq });
  } catch (err) {
    r.attempts++;
    dispatch({ type: 'sendFailed', sessionId: r.sessionId, clientMessageId });
    if (isServerError(err)) shell.showError({ key: 'errHub', vars: { text: hubErrorText(err) } });
    setTimeout(() => trySend(clientMessageId), backoffMs(r.attempts));
  }
}

// ---- queues ------------------------------------------------------------------------------------------
function renderQueues() {
  clear(queueBody);
  for (const q of state.queues) {
    queueBody.appendChild(h('tr', { 'data-testid': 'console-queue-row', 'data-queue': q.id, className: `st-row--${q.state || 'unknown'}` },
      h('th', { scope: 'row' }, q.id, q.name && q.name !== q.id ? [' ', namePart(doc, q.name)] : null),
      h('td', null, shell.t(queueStateKey(q.state))),
      h('td', null, String(q.waiting ?? 0)),
      h('td', null, formatSeconds(q.longestWaitSeconds))));
  }
}

function renderConnection() {
  const key = { connecting: 'connConnecting', connected: 'connConnected', reconnecting: 'connReconnecting', disconnected: 'connDisconnected' }[state.connection];
  setText(connBadge, key ? shell.t(key) : '');
  connBadge.className = `st-conn st-conn--${state.connection}`;
}

function render() {
  renderConnection();
  renderOffers();
  renderSessions();
  renderQueues();
}

// ---- hub ------------------------------------------------------------------------------------------------
presenceSelect.addEventListener('change', async () => {
  const presence = presenceSelect.value;
  try {
    await hub.invoke('SetPresence', presence);
    dispatch({ type: 'presence', presence });
  } catch (err) {
    presenceSelect.value = state.presence;
    shell.showError({ key: 'errHub', vars: { text: hubErrorText(err) } });
  }
});

function connect() {
  hub = createHub(`${serverBase}/hubs/operator`, { accessTokenFactory: () => shell.token(), withCredentials: true });
  hub.on('Offer', (offer) => dispatch({ type: 'offer', offer }));
  hub.on('OfferRevoked', (e) => dispatch({ type: 'offerRevoked', offerId: e?.offerId }));
  hub.on('OfferExtended', (e) => dispatch({ type: 'offerExtended', offerId: e?.offerId, expiresAt: e?.expiresAt, extensionsLeft: e?.extensionsLeft }));
  hub.on('Message', (message) => { dispatch({ type: 'message', message }); gaps.message(message); });
  hub.on('Resync', () => gaps.resync());
  hub.on('Typing', (e) => dispatch({ type: 'typing', sessionId: e?.sessionId, from: e?.from, isTyping: e?.isTyping }));
  hub.on('SessionClosed', (e) => dispatch({ type: 'sessionClosed', sessionId: e?.sessionId }));
  hub.on('DeadlineWarning', (e) => dispatch({ type: 'deadlineWarning', sessionId: e?.sessionId, deadline: e?.deadline, dueAt: e?.dueAt }));
  hub.on('QueueStats', (e) => dispatch({ type: 'queueStats', queues: e?.queues }));
  // The session left this operator without their asking (returned to the queue after a lost connection).
  hub.on('SessionReleased', (e) => e?.sessionId && dispatch({ type: 'transferred', sessionId: e.sessionId, queue: e.queue }));
  hub.on('Presence', (e) => setPresence(e?.presence));
  hub.on('RequestReplied', (e) => requestCard.replied(e));
  hub.on('CallState', (call) => dispatch({ type: 'callState', call }));
  hub.onState((s) => {
    dispatch({ type: 'connection', state: s });
    if (s !== 'connected') return;
    if (state.presence !== 'offline') hub.invoke('SetPresence', state.presence).catch(() => {});
    restoreState();
  });
  let renewedFor401 = false;
  const attempt = (n) => {
    if (!shell.auth) return;
    dispatch({ type: 'connection', state: 'connecting' });
    hub.start().then(() => { renewedFor401 = false; }, (err) => {
      if (err && err.statusCode === 401) {
        // The token may have expired on the server's clock before this page renewed it: renew once, then retry.
        if (!renewedFor401) { renewedFor401 = true; shell.renew().then((ok) => { if (ok) attempt(n); else shell.signOut({ key: 'errUnauthorized' }); }); return; }
        shell.signOut({ key: 'errUnauthorized' }); return;
      }
      if (err && err.statusCode === 403) { shell.showError({ key: 'errForbidden' }); return; }
      dispatch({ type: 'connection', state: 'disconnected' });
      setTimeout(() => attempt(n + 1), Math.min(30000, 1000 * 2 ** n));
    });
  };
  attempt(0);
}

function setPresence(presence) {
  if (!['available', 'away', 'offline'].includes(presence) || presence === state.presence) return;
  presenceSelect.value = presence;
  dispatch({ type: 'presence', presence });
}

/** After a reload or reconnect: the sessions this operator still has, with their history, and a pending offer. */
async function restoreState() {
  let server;
  try { server = await hub.invoke('GetState'); } catch { return; }
  if (!server) return;
  const current = state.activeId;
  for (const snapshot of server.sessions || []) {
    if (snapshot?.sessionId) { dispatch({ type: 'accepted', snapshot, offer: {} }); loadHistory(snapshot.sessionId); }
  }
  if (current && state.sessions[current]) dispatch({ type: 'activate', sessionId: current });
  gaps.reconnected((server.sessions || []).map((x) => x?.sessionId));
  if (server.offer?.offerId) dispatch({ type: 'offer', offer: server.offer });
  if (state.presence === 'offline') setPresence(server.presence);
}

async function loadInitial() {
  const [cfg, status] = await Promise.all([shell.api.get('/api/console/config'), shell.api.get('/api/status')]);
  dispatch({ type: 'config', config: normalizeConfig(cfg.ok ? cfg.data : null, shell.lang) });
  if (!cfg.ok && cfg.status !== 404) shell.showError(cfg.error);
  if (status.ok && Array.isArray(status.data?.queues)) dispatch({ type: 'queueStats', queues: status.data.queues });
  const serverTime = Date.parse(status.ok ? status.data?.now : '');
  if (!Number.isNaN(serverTime)) clockOffset = serverTime - Date.now();
}

shell.onLanguage(() => {
  if (!state.config.fromServer) dispatch({ type: 'config', config: normalizeConfig(null, shell.lang) });
  else render();
});

shell.start({
  signedIn() {
    state = initialConsoleState();
    render();
    // The server's time first, so offers that arrive at once are timed by its clock.
    loadInitial().catch(() => {}).finally(() => { if (shell.auth && !hub) connect(); });
    if (!tick) tick = setInterval(() => { dispatch({ type: 'expireOffers', now: serverNow() }); render(); }, 1000);
  },
  signedOut() {
    if (hub) { hub.stop().catch(() => {}); hub = null; }
    if (tick) { clearInterval(tick); tick = null; }
    for (const v of panelViews.values()) v.panel.remove();
    panelViews.clear();
    histories.clear();
    gaps.clear();
    for (const tab of tabNodes.values()) tab.remove();
    tabNodes.clear();
    offersView.reset();
    retries.clear();
    state = initialConsoleState();
    presenceSelect.value = 'offline';
    render();
  },
});
