// Time formatting in the user's own zone, and a few zone computations.

const LOCALES = { ru: 'ru-RU', en: 'en-GB' };

export function locale(lang) {
  return LOCALES[lang] || LOCALES.en;
}

/** "5 мин" / "about 5 min"; seconds → rounded minutes, at least 1. */
export function formatWait(seconds, lang) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '';
  const minutes = Math.max(1, Math.round(seconds / 60));
  return lang === 'ru' ? `≈ ${minutes} мин` : `≈ ${minutes} min`;
}

/** mm:ss (or h:mm:ss); negative values get a minus sign. */
export function formatClock(totalSeconds) {
  const sign = totalSeconds < 0 ? '-' : '';
  let s = Math.abs(Math.trunc(totalSeconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${sign}${h ? h + ':' : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Weekday, date and time of an instant in the viewer's local zone (or `timeZone`). */
export function formatLocalDateTime(iso, lang, timeZone) {
  const t = Date.parse(iso || '');
  if (Number.isNaN(t)) return '';
  const opts = { weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' };
  if (timeZone) opts.timeZone = timeZone;
  try {
    return new Intl.DateTimeFormat(locale(lang), opts).format(new Date(t));
  } catch {
    return new Date(t).toISOString();
  }
}

export function formatTime(iso, lang) {
  const t = Date.parse(iso || '');
  if (Number.isNaN(t)) return '';
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit' }).format(new Date(t));
}

/** Offset of `timeZone` from UTC in minutes at `instantMs` (e.g. +180 for Europe/Moscow). */
export function zoneOffsetMinutes(timeZone, instantMs) {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(instantMs));
    const get = (type) => Number(parts.find((p) => p.type === type).value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
    return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60000);
  } catch {
    return null;
  }
}

/** Shifts "HH:mm" by `minutes`, wrapping around the day. */
export function shiftClock(hhmm, minutes) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return hhmm;
  let total = (Number(m[1]) * 60 + Number(m[2]) + minutes) % 1440;
  if (total < 0) total += 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
