// Messages typed but not yet acknowledged by the server. Kept in localStorage so a reload or a
// dropped network loses nothing; every retry reuses the same clientMessageId, so the server
// stores each message once.
//
// An entry: { clientMessageId, text, createdAt, attempts, nextAttemptAt }

export const MAX_BACKOFF_MS = 30_000;

export function backoffMs(attempts) {
  if (attempts <= 0) return 0;
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
}

export function enqueue(outbox, { clientMessageId, text, createdAt }) {
  if (outbox.some((e) => e.clientMessageId === clientMessageId)) return outbox;
  return [...outbox, { clientMessageId, text, createdAt, attempts: 0, nextAttemptAt: createdAt }];
}

export function remove(outbox, clientMessageId) {
  return outbox.filter((e) => e.clientMessageId !== clientMessageId);
}

export function recordFailure(outbox, clientMessageId, now) {
  return outbox.map((e) => {
    if (e.clientMessageId !== clientMessageId) return e;
    const attempts = e.attempts + 1;
    return { ...e, attempts, nextAttemptAt: now + backoffMs(attempts) };
  });
}

/** Entries whose retry time has come, oldest first. */
export function due(outbox, now) {
  return outbox.filter((e) => e.nextAttemptAt <= now).sort((a, b) => a.createdAt - b.createdAt);
}

/** Make everything due at once (the connection just came back). */
export function resetTimers(outbox, now) {
  return outbox.map((e) => ({ ...e, nextAttemptAt: now }));
}

/** Milliseconds until the next entry is due, or null when the outbox is empty. */
export function nextDueIn(outbox, now) {
  if (!outbox.length) return null;
  return Math.max(0, Math.min(...outbox.map((e) => e.nextAttemptAt)) - now);
}

/** Validates what came back from storage. */
export function sanitize(stored) {
  if (!Array.isArray(stored)) return [];
  return stored
    .filter((e) => e && typeof e.clientMessageId === 'string' && typeof e.text === 'string')
    .map((e) => ({
      clientMessageId: e.clientMessageId,
      text: e.text,
      createdAt: Number(e.createdAt) || 0,
      attempts: Number(e.attempts) || 0,
      nextAttemptAt: 0,
    }));
}
