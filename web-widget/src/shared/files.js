// Attachment checks done before any upload starts.

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

const BY_EXTENSION = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};
const ALLOWED_TYPES = new Set(Object.values(BY_EXTENSION));

export const ACCEPT_ATTRIBUTE = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

function extensionOf(name) {
  const m = /\.([A-Za-z0-9]+)$/.exec(name || '');
  return m ? m[1].toLowerCase() : '';
}

/**
 * Checks a File-like object { name, size, type }.
 * Returns { ok: true, contentType } or { ok: false, reason: 'type' | 'size' | 'empty' }.
 */
export function checkAttachment(file) {
  if (!file || typeof file.size !== 'number') return { ok: false, reason: 'type' };
  const ext = extensionOf(file.name);
  const byExt = BY_EXTENSION[ext];
  const declared = (file.type || '').toLowerCase();
  if (!byExt) return { ok: false, reason: 'type' };
  if (declared && !ALLOWED_TYPES.has(declared)) return { ok: false, reason: 'type' };
  if (declared && declared !== byExt) return { ok: false, reason: 'type' };
  if (file.size <= 0) return { ok: false, reason: 'empty' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'size' };
  return { ok: true, contentType: byExt };
}

export function formatBytes(size, lang) {
  const ru = lang === 'ru';
  if (size < 1024) return `${size} ${ru ? 'Б' : 'B'}`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} ${ru ? 'КБ' : 'KB'}`;
  const mb = (size / (1024 * 1024)).toFixed(1);
  return `${ru ? mb.replace('.', ',') : mb} ${ru ? 'МБ' : 'MB'}`;
}

/**
 * Hands a fetched file to the browser as a download under `name`: a blob URL on a temporary link, revoked after a while.
 * True when the response was a success.
 */
export async function saveResponseAs(res, name, doc) {
  if (!res.ok) return false;
  const blob = await res.blob();
  const win = doc.defaultView;
  const url = win.URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = String(name || 'file');
  a.rel = 'noopener';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  win.setTimeout(() => win.URL.revokeObjectURL(url), 10_000);
  return true;
}
