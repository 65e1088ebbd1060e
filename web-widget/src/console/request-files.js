// Console: files on a request card. The operator attaches PDF, JPG or PNG files (the chat's rules: 5 MB each) with
// POST /api/requests/{ticket}/attachments and downloads any of the card's files with GET …/attachments/{id}, both with
// the operator's bearer token (and the staff cookie, same origin). The citizen reads them with the access code.

import { clear } from '../shared/dom.js';
import { ACCEPT_ATTRIBUTE, checkAttachment, formatBytes, saveResponseAs } from '../shared/files.js';
import { formatLocalDateTime } from '../shared/time.js';

const path = (ticket, id) => `/api/requests/${encodeURIComponent(ticket)}/attachments${id ? `/${encodeURIComponent(id)}` : ''}`;
const auth = (token) => (token ? { Authorization: `Bearer ${token}` } : {});

/** { attachment } on 201; { refused: reason } for a file the local check or the server refuses; { error: text } otherwise. */
export async function uploadCardFile(fetchFn, token, ticket, file) {
  const checked = checkAttachment(file);
  if (!checked.ok) return { refused: checked.reason };
  try {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await fetchFn(path(ticket), { method: 'POST', headers: auth(token), body: form, credentials: 'same-origin' });
    if (res.status === 201) return { attachment: await res.json() };
    const problem = await res.json().catch(() => ({}));
    return { error: String((problem && (problem.detail || problem.title)) || `HTTP ${res.status}`) };
  } catch { return { error: 'network' }; }
}

/** Fetches a file of the card and hands it to the browser as a download under its name. True when it worked. */
export async function downloadCardFile(fetchFn, token, ticket, attachment, doc) {
  try {
    const res = await fetchFn(path(ticket, attachment.id), { headers: auth(token), credentials: 'same-origin' });
    return await saveResponseAs(res, attachment.name, doc);
  } catch { return false; }
}

/** The file input of the card's actions (files are read when the operator answers or attaches). */
export function fileInput(h) {
  return h('input', { type: 'file', id: 'st-req-files', multiple: true, accept: ACCEPT_ATTRIBUTE, 'data-testid': 'request-card-files' });
}

/** The card's files, each a button that downloads it; `fromText(from)` names who sent it. */
export function renderCardFiles({ h, list, attachments, lang, fromText, onDownload }) {
  clear(list);
  for (const a of attachments) {
    const b = h('button', { type: 'button', className: 'st-link', 'data-testid': 'request-card-file', 'data-from': String(a.from) },
      `${String(a.name ?? '')} · ${formatBytes(Number(a.size) || 0, lang)} · ${fromText(a.from)}`);
    b.addEventListener('click', () => onDownload(a));
    list.appendChild(h('li', null, b, h('span', { className: 'st-muted' }, ` ${formatLocalDateTime(a.at, lang)}`)));
  }
}
