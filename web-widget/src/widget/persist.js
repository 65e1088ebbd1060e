// What survives a reload, kept in localStorage under one key per server origin.
// { resumeToken, sessionId, ticket, outbox: [...] }  — no message text except unsent messages.

import { sanitize } from './outbox.js';

export function storageKey(serverBase) {
  return `goschat:v1:chat:${serverBase || 'same-origin'}`;
}

export function createPersist(storage, serverBase) {
  const key = storageKey(serverBase);
  return {
    load() {
      try {
        const raw = storage && storage.getItem(key);
        if (!raw) return { resumeToken: null, outbox: [] };
        const data = JSON.parse(raw);
        return {
          resumeToken: typeof data.resumeToken === 'string' ? data.resumeToken : null,
          sessionId: data.sessionId || null,
          ticket: data.ticket || null,
          outbox: sanitize(data.outbox),
        };
      } catch {
        return { resumeToken: null, outbox: [] };
      }
    },
    save(data) {
      try { storage && storage.setItem(key, JSON.stringify(data)); } catch { /* storage full or disabled */ }
    },
    clear() {
      try { storage && storage.removeItem(key); } catch { /* ignore */ }
    },
  };
}

const LANGUAGE_CODES = ['ru', 'en', 'tt', 'ba'];

/** The language the citizen last chose for talking to an operator, remembered per server (one short code, nothing else). */
export function createLanguageMemory(storage, serverBase) {
  const key = `goschat:v1:language:${serverBase || 'same-origin'}`;
  return {
    load() {
      try {
        const code = storage && storage.getItem(key);
        return LANGUAGE_CODES.includes(code) ? code : null;
      } catch { return null; }
    },
    save(code) {
      if (!LANGUAGE_CODES.includes(code)) return;
      try { storage && storage.setItem(key, code); } catch { /* storage full or disabled */ }
    },
  };
}
