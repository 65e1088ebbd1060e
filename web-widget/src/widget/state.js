// The citizen widget's state machine, as a pure reducer: no DOM, no network, no timers.
//
// phase: 'prechat' → 'starting' → 'queued' → 'active' → 'closed'
//        'resuming' when a stored resumeToken is being re-bound after a reload.
// session.state keeps the server's own word (deferred, queued, offered, active, transferred, closed).

import { addPending, markFailed, markSending, markSent, mergeMany, mergeOne } from '../shared/messages.js';

export const OWN = 'citizen';

export function initialState({ uiLang = 'ru', prefill = {} } = {}) {
  return {
    phase: 'prechat',
    panelOpen: false,
    uiLang,
    status: null,
    session: null,
    messages: [],
    operatorTyping: false,
    connection: 'idle',
    error: null,
    notice: null,
    prefill: { name: prefill.name || '', phone: prefill.phone || '' },
    uploads: [],
    closedReason: null,
    rating: null,
  };
}

export function phaseFor(serverState) {
  switch (serverState) {
    case 'active': return 'active';
    case 'closed': return 'closed';
    default: return 'queued'; // deferred, queued, offered, transferred
  }
}

function sessionFrom(payload, previous) {
  return {
    ...(previous || {}),
    sessionId: payload.sessionId ?? previous?.sessionId,
    ticket: payload.ticket ?? previous?.ticket,
    queue: payload.queue ?? previous?.queue,
    state: payload.state ?? previous?.state,
    position: payload.position ?? previous?.position ?? null,
    estimatedWaitSeconds: payload.estimatedWaitSeconds ?? previous?.estimatedWaitSeconds ?? null,
    operatorName: payload.operatorName ?? previous?.operatorName ?? null,
    language: payload.language ?? previous?.language ?? null,
    deferred: (payload.state ?? previous?.state) === 'deferred',
  };
}

export function reduce(state, action) {
  switch (action.type) {
    case 'open': return { ...state, panelOpen: true };
    case 'close': return { ...state, panelOpen: false };
    case 'language': return { ...state, uiLang: action.lang };
    case 'prefill': return { ...state, prefill: { ...state.prefill, ...pickPrefill(action) } };
    case 'status': return { ...state, status: action.status };
    case 'connection': return { ...state, connection: action.state };
    case 'error': return { ...state, error: action.message };
    case 'clearError': return { ...state, error: null };
    case 'notice': return { ...state, notice: action.notice };

    case 'start': {
      if (state.phase !== 'prechat') return state;
      let messages = [];
      if (action.initialMessage && action.initialMessage.text) {
        messages = addPending([], { ...action.initialMessage, from: OWN, delivery: 'sending' });
      }
      return { ...state, phase: 'starting', error: null, notice: null, messages, closedReason: null, rating: null };
    }
    case 'startFailed':
      return { ...state, phase: 'prechat', messages: [], error: action.message || null };
    case 'started': {
      if (state.phase !== 'starting') return state;
      const session = sessionFrom({ language: action.language, ...action.payload }, null);
      let messages = state.messages;
      if (action.initialClientMessageId) {
        messages = markSent(messages, action.initialClientMessageId, undefined, undefined);
      }
      return { ...state, phase: phaseFor(session.state), session, messages, operatorTyping: false };
    }

    case 'resuming': return { ...state, phase: 'resuming' };
    case 'snapshot': {
      const snap = action.snapshot || {};
      const session = sessionFrom(snap, state.session);
      const phase = phaseFor(session.state);
      return {
        ...state,
        phase,
        session,
        messages: mergeMany(state.messages, snap.messages, OWN),
        closedReason: phase === 'closed' ? (state.closedReason ?? null) : null,
      };
    }
    case 'resumeFailed':
      return { ...state, phase: 'prechat', session: null, messages: [], notice: action.notice || null };

    case 'queueUpdate': {
      if (!state.session) return state;
      return {
        ...state,
        session: {
          ...state.session,
          position: action.position ?? state.session.position,
          estimatedWaitSeconds: action.estimatedWaitSeconds ?? state.session.estimatedWaitSeconds,
        },
      };
    }
    case 'operatorJoined': {
      if (!state.session || state.phase === 'closed') return state;
      return {
        ...state,
        phase: 'active',
        session: { ...state.session, state: 'active', deferred: false, operatorName: action.operatorName || null, position: null },
      };
    }
    case 'message': {
      const m = action.message;
      if (!m || (state.session && m.sessionId && m.sessionId !== state.session.sessionId)) return state;
      const typing = m.from === 'operator' ? false : state.operatorTyping;
      return { ...state, messages: mergeOne(state.messages, m, OWN), operatorTyping: typing };
    }
    case 'typing':
      if (action.from === OWN) return state;
      return { ...state, operatorTyping: !!action.isTyping };

    case 'localSend':
      return {
        ...state,
        messages: addPending(state.messages, { clientMessageId: action.clientMessageId, text: action.text, from: OWN, createdAt: action.at }),
      };
    case 'sendOk':
      return { ...state, messages: markSent(state.messages, action.clientMessageId, action.messageId, action.sentAt) };
    case 'sendFailed':
      return { ...state, messages: markFailed(state.messages, action.clientMessageId) };
    case 'sendRetry':
      return { ...state, messages: markSending(state.messages, action.clientMessageId) };

    case 'uploadStart':
      return { ...state, uploads: [...state.uploads, { id: action.id, name: action.name }] };
    case 'uploadEnd':
      return { ...state, uploads: state.uploads.filter((u) => u.id !== action.id) };

    case 'sessionClosed': {
      if (!state.session) return state;
      if (action.sessionId && action.sessionId !== state.session.sessionId) return state;
      return {
        ...state,
        phase: 'closed',
        operatorTyping: false,
        closedReason: action.reason || null,
        session: { ...state.session, state: 'closed', position: null },
      };
    }
    case 'rated':
      return { ...state, rating: { score: action.score } };
    case 'reset':
      return {
        ...initialState({ uiLang: state.uiLang, prefill: state.prefill }),
        panelOpen: state.panelOpen,
        status: state.status,
        connection: state.connection,
      };
    default:
      return state;
  }
}

function pickPrefill(a) {
  const out = {};
  if (typeof a.name === 'string') out.name = a.name.slice(0, 100);
  if (typeof a.phone === 'string') out.phone = a.phone.slice(0, 30);
  return out;
}

/** Can the citizen type into the chat now? (Also while deferred: the message is kept.) */
export function canWrite(state) {
  return state.phase === 'queued' || state.phase === 'active';
}
