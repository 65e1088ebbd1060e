// The schedule line of the pre-chat box: today's hours of the chat and the phone, exactly as /api/status gives
// them per queue (`hours: { chat: ["08:00-20:00"], phone: [...] }`, local time of `timeZone`), in the citizen's
// language, with the chat's hours in the citizen's own time when their zone differs.

import { t } from '../i18n.js';
import { shiftClock } from '../shared/time.js';

const WINDOW = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/;

function windows(list) {
  return Array.isArray(list) ? list.filter((w) => typeof w === 'string' && WINDOW.test(w)) : null;
}

/** "08:00-12:00", "13:00-17:00" → "08:00–12:00, 13:00–17:00"; none → the word for closed. Shifted by `shift` minutes. */
export function formatWindows(list, lang, shift = 0) {
  if (!list.length) return t(lang, 'hoursClosed');
  return list.map((w) => {
    const [, from, to] = WINDOW.exec(w);
    if (!shift) return `${from}–${to}`;
    return `${shiftClock(from, shift)}–${shiftClock(to === '24:00' ? '00:00' : to, shift)}`;
  }).join(', ');
}

/**
 * Today's hours of the queues looked at (`topic`, or every queue for ''), or null when the status has none
 * (not fetched yet, or a server that does not send them).
 * @returns {{ id: string, chat: string[], phone: string[] }[] | null}
 */
export function todaysHours(status, topic) {
  if (!status || !Array.isArray(status.queues)) return null;
  const queues = status.queues
    .filter((q) => q && typeof q.id === 'string' && (!topic || q.id === topic) && q.hours && windows(q.hours.chat))
    .map((q) => ({ id: q.id, chat: windows(q.hours.chat), phone: windows(q.hours.phone) ?? windows(q.hours.chat) }));
  return queues.length ? queues : null;
}

function zoneName(zone, lang) {
  return zone === 'Europe/Moscow' ? t(lang, 'zoneMoscow') : t(lang, 'zoneOther', { zone });
}

/**
 * The schedule text. One line when every queue looked at keeps the same hours; otherwise a line per queue.
 * @param localShift minutes the citizen's clock is ahead of the schedule's zone (0 or null: same time)
 */
export function scheduleText(status, topic, lang, localShift) {
  const queues = todaysHours(status, topic);
  if (!queues) return '';
  const zone = zoneName(status.timeZone || 'Europe/Moscow', lang);
  const key = (q) => JSON.stringify([q.chat, q.phone]);
  const channels = (q) => t(lang, 'scheduleChannels', { chat: formatWindows(q.chat, lang), phone: formatWindows(q.phone, lang) });
  if (!queues.every((q) => key(q) === key(queues[0]))) {
    const hours = queues.map((q) => `${t(lang, `topic${q.id}`)} — ${channels(q)}`).join('; ');
    return t(lang, 'scheduleToday', { hours, zone });
  }
  let text = t(lang, 'scheduleToday', { hours: channels(queues[0]), zone });
  if (localShift && queues[0].chat.length) {
    text += ' ' + t(lang, 'scheduleLocal', { hours: formatWindows(queues[0].chat, lang, localShift) });
  }
  return text;
}
