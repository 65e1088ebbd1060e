// Keeps a staff page's short-lived access token fresh. The server answers sign-in and refresh with
// { accessToken, refreshToken, expiresInSeconds }; the token is renewed with the single-use refresh token a little
// before it expires (timed on this page's own clock from expiresInSeconds, so a page whose clock is off still renews
// in time), one renewal at a time. A refused renewal (401: the sign-in ended, or the refresh token was used) is final.

const RETRY_MS = 10000;

/** The stored form of a sign-in answer: { accessToken, refreshToken, expiresAtMs, lifetimeMs, operator }. */
export function authFromAnswer(data, nowMs, operator = null) {
  const lifetimeMs = typeof data.expiresInSeconds === 'number' && data.expiresInSeconds > 0 ? data.expiresInSeconds * 1000 : null;
  return {
    accessToken: data.accessToken,
    refreshToken: typeof data.refreshToken === 'string' ? data.refreshToken : null,
    expiresAtMs: lifetimeMs ? nowMs + lifetimeMs : null,
    lifetimeMs,
    operator: data.operator || operator,
  };
}

/** How long before expiry to renew: a fifth of the lifetime, at most a minute. */
export function renewLeadMs(lifetimeMs) {
  return Math.min(60000, Math.floor(lifetimeMs / 5));
}

/**
 * refreshFn(refreshToken) → { ok, status, data } (the staff API's refresh); onRenewed(auth) after each renewal;
 * onRefused() when the server refuses to renew (sign in again).
 */
export function createTokenKeeper({ refreshFn, onRenewed, onRefused, now = () => Date.now(), setTimer = setTimeout, clearTimer = clearTimeout }) {
  let auth = null;
  let timer = null;
  let inflight = null;

  function schedule(delayMs) {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (!auth || !auth.refreshToken || !auth.expiresAtMs) return;
    const due = delayMs !== undefined ? delayMs : auth.expiresAtMs - renewLeadMs(auth.lifetimeMs) - now();
    timer = setTimer(() => { timer = null; renew(); }, Math.max(1000, due));
  }

  function renew() {
    if (!auth || !auth.refreshToken) return Promise.resolve(false);
    if (inflight) return inflight;
    const from = auth;
    inflight = (async () => {
      const res = await refreshFn(from.refreshToken);
      if (auth !== from) return !!auth; // signed out (or in again) meanwhile
      if (res.ok && res.data && typeof res.data.accessToken === 'string') {
        auth = authFromAnswer(res.data, now(), from.operator);
        schedule();
        if (onRenewed) onRenewed(auth);
        return true;
      }
      if (res.status === 401) {
        auth = null;
        schedule();
        if (onRefused) onRefused();
        return false;
      }
      schedule(RETRY_MS); // network or server trouble: keep the sign-in, try again soon
      return false;
    })().finally(() => { inflight = null; });
    return inflight;
  }

  return {
    /** Starts keeping this sign-in (null: stop). */
    set(next) { auth = next; schedule(); },
    get auth() { return auth; },
    renew,
    /** The access token, renewed first when it is about to expire. */
    async token() {
      if (auth && auth.expiresAtMs && auth.refreshToken && now() >= auth.expiresAtMs - renewLeadMs(auth.lifetimeMs)) await renew();
      return auth ? auth.accessToken : '';
    },
    stop() { auth = null; schedule(); },
  };
}
