// Formatting helpers shared by the console and the supervisor view (pure).

/** Masks a phone number in a text: keeps a leading country code and the last two digits. */
export function maskPhone(text) {
  if (typeof text !== 'string') return '';
  return text.replace(/\+?\d[\d\s()\-]{5,}\d/g, (match) => {
    const digits = match.replace(/\D/g, '').length;
    if (digits < 7) return match;
    let seen = 0;
    const keepFirst = match.startsWith('+') ? 1 : 0;
    return match.replace(/\d/g, (d) => {
      seen++;
      if (seen <= keepFirst || seen > digits - 2) return d;
      return '*';
    });
  });
}

/** "3:05" from seconds (or "—" when unknown). */
export function formatSeconds(sec) {
  if (typeof sec !== 'number' || !Number.isFinite(sec)) return '—';
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

/** Severity of a deadline: 'ok', 'warning' (warned or under a minute left) or 'breached'. */
export function deadlineLevel(deadline, nowMs) {
  const due = Date.parse(deadline.dueAt || '');
  if (Number.isNaN(due)) return 'ok';
  if (nowMs >= due) return 'breached';
  if (deadline.warned || due - nowMs <= 60_000) return 'warning';
  return 'ok';
}

/** Seconds until (positive) or since (negative) an instant. */
export function secondsUntil(iso, nowMs) {
  const t = Date.parse(iso || '');
  if (Number.isNaN(t)) return null;
  return Math.round((t - nowMs) / 1000);
}
