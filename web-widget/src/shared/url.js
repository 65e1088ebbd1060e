// URL helpers: where the server lives, and which links we are willing to render.

/** Normalises a configured server base ("" = fallback origin) to an origin-like base without trailing slash. */
export function resolveServerBase(configured, fallbackOrigin) {
  const raw = (configured || '').trim();
  if (!raw) return stripSlash(fallbackOrigin || '');
  try {
    const u = new URL(raw, fallbackOrigin || undefined);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return stripSlash(fallbackOrigin || '');
    return stripSlash(u.origin + u.pathname);
  } catch {
    return stripSlash(fallbackOrigin || '');
  }
}

function stripSlash(s) {
  return s.endsWith('/') ? s.slice(0, -1) : s;
}

/** Joins the server base and an absolute path ("/api/status"). */
export function apiUrl(base, path) {
  return `${base}${path.startsWith('/') ? path : '/' + path}`;
}

/**
 * Returns an href that is safe to put on a link, or null.
 * Allowed: a same-server relative path ("/files/…", resolved against the server),
 * any https: URL, and an absolute URL on the server's own origin (http allowed there for local runs).
 */
export function safeHref(url, serverBase) {
  if (typeof url !== 'string') return null;
  const v = url.trim();
  if (!v) return null;
  // No control characters or whitespace tricks ("java\nscript:").
  if (/[\u0000-\u001f\u007f\s]/.test(v)) return null;
  let serverOrigin = null;
  try { serverOrigin = new URL(serverBase).origin; } catch { serverOrigin = null; }
  if (v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\')) {
    if (!serverOrigin) return v;
    try { return new URL(v, serverOrigin).href; } catch { return null; }
  }
  let u;
  try { u = new URL(v); } catch { return null; }
  if (u.username || u.password) return null;
  if (u.protocol === 'https:') return u.href;
  if (u.protocol === 'http:' && serverOrigin && u.origin === serverOrigin) return u.href;
  return null;
}
