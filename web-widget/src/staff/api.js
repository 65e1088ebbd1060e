// HTTP for staff pages: sign-in, bearer calls, and turning failures into messages.

const AUTH_KEY = 'goschat:v1:staff-auth';

export function createAuthStore(storage) {
  return {
    load() {
      try {
        const data = JSON.parse(storage.getItem(AUTH_KEY) || 'null');
        return data && typeof data.accessToken === 'string' ? data : null;
      } catch { return null; }
    },
    save(auth) { try { storage.setItem(AUTH_KEY, JSON.stringify(auth)); } catch { /* disabled */ } },
    clear() { try { storage.removeItem(AUTH_KEY); } catch { /* disabled */ } },
  };
}

export function hasRole(operator, role) {
  return !!operator && Array.isArray(operator.roles) && operator.roles.some((r) => String(r).toLowerCase() === role);
}

async function readProblem(res) {
  try {
    const ct = res.headers.get('content-type') || '';
    if (ct.includes('json')) {
      const b = await res.json();
      return [b.title, b.detail].filter(Boolean).join(': ') || `HTTP ${res.status}`;
    }
  } catch { /* unreadable */ }
  return `HTTP ${res.status}`;
}

/**
 * Result of every call: { ok: true, status, data } or
 * { ok: false, status, error: { key, vars } }  (key from staff i18n: errUnauthorized, errForbidden, ...)
 */
export function createStaffApi({ base = '', fetchFn, getToken, onUnauthorized, renew }) {
  async function request(method, path, body, retried = false) {
    const headers = { Accept: 'application/json' };
    const token = getToken && await getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetchFn(`${base}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
      });
    } catch {
      return { ok: false, status: 0, error: { key: 'errNetwork' } };
    }
    if (res.ok) {
      let data = null;
      if (res.status !== 204) { try { data = await res.json(); } catch { data = null; } }
      return { ok: true, status: res.status, data };
    }
    if (res.status === 401) {
      // An access token the server no longer takes (expired on its clock): renew it once and try again.
      if (!retried && token && renew && await renew()) return request(method, path, body, true);
      if (onUnauthorized) onUnauthorized();
      return { ok: false, status: 401, error: { key: 'errUnauthorized' } };
    }
    if (res.status === 403) return { ok: false, status: 403, error: { key: 'errForbidden' } };
    if (res.status === 404) return { ok: false, status: 404, error: { key: 'errNotFound', vars: { what: path } } };
    return { ok: false, status: res.status, error: { key: 'errHttp', vars: { text: await readProblem(res) } } };
  }
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    /** Trades the single-use refresh token for new tokens: { ok, status, data } (401: the sign-in is over). */
    async refresh(refreshToken) {
      let res;
      try {
        res = await fetchFn(`${base}/api/auth/refresh`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refreshToken }),
          credentials: 'same-origin',
        });
      } catch {
        return { ok: false, status: 0 };
      }
      if (!res.ok) return { ok: false, status: res.status };
      try { return { ok: true, status: res.status, data: await res.json() }; } catch { return { ok: false, status: res.status }; }
    },
    /** Ends the sign-in on the server (token, refresh token, cookie); best effort. */
    async logout(token) {
      try {
        await fetchFn(`${base}/api/auth/logout`, {
          method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'same-origin',
        });
      } catch { /* offline: the sign-in still ends at its time */ }
    },
    async login(login, password) {
      let res;
      try {
        res = await fetchFn(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ login, password }),
          credentials: 'same-origin',
        });
      } catch {
        return { ok: false, error: { key: 'errNetwork' } };
      }
      if (res.status === 401 || res.status === 400) return { ok: false, error: { key: 'wrongPassword' } };
      if (!res.ok) return { ok: false, error: res.status === 404 ? { key: 'errNotFound', vars: { what: '/api/auth/login' } } : { key: 'errHttp', vars: { text: await readProblem(res) } } };
      const data = await res.json();
      if (!data || typeof data.accessToken !== 'string') return { ok: false, error: { key: 'errHttp', vars: { text: 'no accessToken' } } };
      return { ok: true, data };
    },
  };
}
