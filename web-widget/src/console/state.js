// The agent console's state as a pure reducer: offers, the sessions open in tabs, deadlines and
// live queue figures. The view and the hub wiring live in index.js.

import { addPending, markFailed, markSending, markSent, mergeMany, mergeOne } from '../shared/messages.js';
import { readCall } from './call-state.js';

export const OWN = 'operator';

export function initialConsoleState() {
  return {
    presence: 'offline',
    connection: 'idle',
    offers: [],
    sessions: {},
    order: [],
    activeId: null,
    queues: [],
    config: { cannedReplies: [], queues: [] },
    error: null,
  };
}

function readDeadlines(snapshot) {
  const out = {};
  const add = (name, dueAt) => { if (name && dueAt) out[name] = { name, dueAt, warned: false }; };
  const d = snapshot.deadlines;
  if (Array.isArray(d)) d.forEach((x) => x && add(x.deadline || x.name, x.dueAt));
  else if (d && typeof d === 'object') Object.entries(d).forEach(([k, v]) => add(k, typeof v === 'string' ? v : v && v.dueAt));
  add('firstResponse', snapshot.firstResponseDueAt);
  add('resolution', snapshot.resolutionDueAt);
  return out;
}

function updateSession(state, sessionId, fn) {
  const cur = state.sessions[sessionId];
  if (!cur) return state;
  return { ...state, sessions: { ...state.sessions, [sessionId]: fn(cur) } };
}

export function reduceConsole(state, action) {
  switch (action.type) {
    case 'connection': return { ...state, connection: action.state };
    case 'presence': return { ...state, presence: action.presence };
    case 'error': return { ...state, error: action.error };
    case 'clearError': return { ...state, error: null };
    case 'config': return { ...state, config: action.config };

    case 'offer': {
      const o = action.offer;
      if (!o || !o.offerId) return state;
      return { ...state, offers: [...state.offers.filter((x) => x.offerId !== o.offerId), o] };
    }
    case 'offerRevoked':
    case 'offerGone':
      return { ...state, offers: state.offers.filter((x) => x.offerId !== action.offerId) };
    case 'offerExtended':
      return {
        ...state,
        offers: state.offers.map((x) => (x.offerId !== action.offerId ? x : {
          ...x,
          expiresAt: action.expiresAt || x.expiresAt,
          extensionsLeft: typeof action.extensionsLeft === 'number' ? action.extensionsLeft : x.extensionsLeft,
        })),
      };
    case 'expireOffers':
      return { ...state, offers: state.offers.filter((x) => !(Date.parse(x.expiresAt) <= action.now)) };

    case 'accepted': {
      const snap = action.snapshot || {};
      const offer = action.offer || {};
      const id = snap.sessionId || offer.sessionId;
      if (!id) return state;
      const prev = state.sessions[id];
      const session = {
        sessionId: id,
        ticket: snap.ticket ?? offer.ticket ?? prev?.ticket,
        queue: snap.queue ?? offer.queue ?? prev?.queue,
        channel: snap.channel || offer.channel || prev?.channel || 'chat',
        language: snap.language || offer.language || prev?.language,
        caller: snap.caller || offer.caller || prev?.caller || null,
        preview: offer.preview || prev?.preview || '',
        state: snap.state || 'active',
        citizenName: snap.citizenName || snap.name || prev?.citizenName || null,
        messages: mergeMany(prev?.messages || [], snap.messages, OWN),
        citizenTyping: false,
        deadlines: { ...(prev?.deadlines || {}), ...readDeadlines(snap) },
        closed: snap.state === 'closed',
        transferredTo: null,
        call: readCall(snap.call) || prev?.call || null,
      };
      return {
        ...state,
        offers: state.offers.filter((x) => x.offerId !== offer.offerId),
        sessions: { ...state.sessions, [id]: session },
        order: state.order.includes(id) ? state.order : [...state.order, id],
        activeId: id,
      };
    }
    case 'activate':
      return state.sessions[action.sessionId] ? { ...state, activeId: action.sessionId } : state;
    case 'removeTab': {
      const order = state.order.filter((x) => x !== action.sessionId);
      const sessions = { ...state.sessions };
      delete sessions[action.sessionId];
      const activeId = state.activeId === action.sessionId ? (order[order.length - 1] || null) : state.activeId;
      return { ...state, sessions, order, activeId };
    }

    case 'fetched': // GetMessages after a gap
      return updateSession(state, action.sessionId, (s) => ({
        ...s, messages: mergeMany(s.messages, (action.messages || []).filter((m) => !m?.sessionId || m.sessionId === action.sessionId), OWN),
      }));
    case 'message': {
      const m = action.message;
      if (!m || !m.sessionId) return state;
      return updateSession(state, m.sessionId, (s) => ({
        ...s,
        messages: mergeOne(s.messages, m, OWN),
        citizenTyping: m.from === 'citizen' ? false : s.citizenTyping,
      }));
    }
    case 'typing':
      if (action.from === OWN) return state;
      return updateSession(state, action.sessionId, (s) => ({ ...s, citizenTyping: !!action.isTyping }));
    case 'localSend':
      return updateSession(state, action.sessionId, (s) => ({
        ...s, messages: addPending(s.messages, { clientMessageId: action.clientMessageId, text: action.text, from: OWN, createdAt: action.at }),
      }));
    case 'sendOk':
      return updateSession(state, action.sessionId, (s) => ({ ...s, messages: markSent(s.messages, action.clientMessageId, action.messageId, action.sentAt, action.seq) }));
    case 'sendFailed':
      return updateSession(state, action.sessionId, (s) => ({ ...s, messages: markFailed(s.messages, action.clientMessageId) }));
    case 'sendRetry':
      return updateSession(state, action.sessionId, (s) => ({ ...s, messages: markSending(s.messages, action.clientMessageId) }));

    case 'deadlineWarning': {
      const { sessionId, deadline, dueAt } = action;
      if (!deadline) return state;
      return updateSession(state, sessionId, (s) => ({
        ...s, deadlines: { ...s.deadlines, [deadline]: { name: deadline, dueAt: dueAt || s.deadlines[deadline]?.dueAt, warned: true } },
      }));
    }
    case 'sessionClosed':
      return updateSession(state, action.sessionId, (s) => ({ ...s, closed: true, state: 'closed', citizenTyping: false }));
    case 'transferred':
      return updateSession(state, action.sessionId, (s) => ({ ...s, closed: true, state: 'transferred', transferredTo: action.queue }));
    case 'released': // no longer this operator's, found out after a gap (its SessionReleased or SessionClosed was lost)
      return updateSession(state, action.sessionId, (s) => (s.closed ? s : { ...s, closed: true, state: 'released', citizenTyping: false }));

    case 'callState': // the call on a conversation moved (call-state.js)
      return action.call?.sessionId ? updateSession(state, action.call.sessionId, (s) => ({ ...s, call: readCall(action.call) || s.call })) : state;

    case 'queueStats':
      return { ...state, queues: mergeQueues(state.queues, action.queues) };
    default:
      return state;
  }
}

/** Merges queue figures by id; figures from /api/status (no operator counts) are kept where newer ones lack them. */
export function mergeQueues(current, incoming) {
  if (!Array.isArray(incoming)) return current;
  const byId = new Map(current.map((q) => [q.id, q]));
  for (const q of incoming) if (q && q.id) byId.set(q.id, { ...(byId.get(q.id) || {}), ...q });
  return [...byId.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** Deadlines still running for a session: first reply until an operator has written, resolution until closed. */
export function activeDeadlines(session) {
  if (!session || session.closed) return [];
  const answered = session.messages.some((m) => m.from === OWN && m.delivery === 'sent');
  return Object.values(session.deadlines).filter((d) => {
    if (d.name === 'firstResponse' && answered) return false;
    if (d.name === 'answer') return false;
    return true;
  });
}
