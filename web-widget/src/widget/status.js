// Turns GET /api/status into what the launcher and the pre-chat form show.

export const TOPICS = ['101', '102', '103', '104'];
const RANK = { online: 0, waiting: 1, unavailable: 2 };

/**
 * @param status the /api/status body (or null when it could not be fetched)
 * @param topic  a queue id to look at, or '' for "any queue"
 * @returns {{ state: 'online'|'waiting'|'unavailable'|'unknown', nextOpening: string|null,
 *             waiting: number, estimatedWaitSeconds: number|null, timeZone: string|null }}
 */
export function summarizeStatus(status, topic) {
  const empty = { state: 'unknown', nextOpening: null, waiting: 0, estimatedWaitSeconds: null, timeZone: null, schedule: null };
  if (!status || !Array.isArray(status.queues)) return empty;
  const all = status.queues.filter((q) => q && typeof q.id === 'string');
  const queues = topic ? all.filter((q) => q.id === topic) : all;
  if (!queues.length) return { ...empty, timeZone: status.timeZone || null };
  let best = null;
  for (const q of queues) {
    const rank = RANK[q.state] ?? 2;
    if (!best || rank < best.rank || (rank === best.rank && (q.estimatedWaitSeconds ?? 0) < (best.q.estimatedWaitSeconds ?? 0))) {
      best = { rank, q };
    }
  }
  const state = best.q.state in RANK ? best.q.state : 'unavailable';
  let nextOpening = null;
  if (state === 'unavailable') {
    const openings = queues
      .filter((q) => q.state === 'unavailable' && q.nextChange)
      .map((q) => q.nextChange)
      .filter((iso) => !Number.isNaN(Date.parse(iso)))
      .sort((a, b) => Date.parse(a) - Date.parse(b));
    nextOpening = openings[0] || null;
  }
  return {
    state,
    nextOpening,
    waiting: queues.reduce((n, q) => n + (Number(q.waiting) || 0), 0),
    estimatedWaitSeconds: typeof best.q.estimatedWaitSeconds === 'number' ? best.q.estimatedWaitSeconds : null,
    timeZone: status.timeZone || null,
    schedule: best.q.schedule || null,
  };
}
