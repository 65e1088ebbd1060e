// Missed-deadline alerts on the supervisor page. The server announces a breach at least once (a node that died
// mid-announcement is retried by another), so a repeat carries the same breachId and is shown once.

export const MAX_ALERTS = 50;

/** The id a breach event is known by: its breachId, or session and deadline from servers that send none. */
export function alertId(e) {
  return e?.breachId || (e?.sessionId && e?.deadline ? `${e.sessionId}:${e.deadline}` : '');
}

/** Adds a DeadlineBreached event to the newest-first list, unless it is already there; keeps at most `max`. */
export function addAlert(alerts, e, max = MAX_ALERTS) {
  const id = alertId(e);
  if (!id || alerts.some((a) => a.id === id)) return alerts;
  const alert = {
    id,
    sessionId: String(e.sessionId || ''),
    ticket: String(e.ticket || ''),
    queue: String(e.queue || ''),
    deadline: String(e.deadline || ''),
    dueAt: e.dueAt || null,
    lateBySeconds: typeof e.lateBySeconds === 'number' ? e.lateBySeconds : null,
  };
  return [alert, ...alerts].slice(0, max);
}
