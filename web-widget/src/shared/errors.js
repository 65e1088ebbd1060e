// Making sense of errors from SignalR invocations and from HTTP problem details.

const SERVER_ERROR = /invoking '[^']*' on the server\.?/i;

/** True when the server answered the invocation with an error (as opposed to a network failure). */
export function isServerError(err) {
  return !!err && SERVER_ERROR.test(String(err.message || ''));
}

/** The server's own message for a hub error (HubException text), else the raw message. */
export function hubErrorText(err) {
  const msg = String((err && err.message) || err || '');
  const m = /HubException:\s*([\s\S]*)$/.exec(msg);
  if (m && m[1].trim()) return m[1].trim();
  if (SERVER_ERROR.test(msg)) {
    const rest = msg.replace(/^.*?on the server\.?\s*/i, '').trim();
    return rest || msg;
  }
  return msg;
}

/** Reads an RFC 7807 body (or anything) from a failed fetch Response into a short text. */
export async function problemText(response) {
  let text = '';
  try {
    const ct = response.headers.get('content-type') || '';
    if (ct.includes('json')) {
      const body = await response.json();
      text = [body.title, body.detail].filter(Boolean).join(': ');
    }
  } catch { /* body unreadable */ }
  return text || `HTTP ${response.status}`;
}
