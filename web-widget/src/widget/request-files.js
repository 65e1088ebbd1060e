// Files on requests ("My requests" and the written-request form): the citizen attaches PDF, JPG or PNG files (5 MB each)
// with the request's ticket and access code, and downloads the card's files (theirs and the operator's) the same way:
// POST /api/requests/{ticket}/attachments (multipart field "file"), GET /api/requests/{ticket}/attachments/{id}, both
// with the code in the X-Access-Code header (never in a URL). The same checks as chat files run before any upload.

import { setText, clear } from '../shared/dom.js';
import { ACCEPT_ATTRIBUTE, checkAttachment, formatBytes, saveResponseAs } from '../shared/files.js';
import { formatLocalDateTime } from '../shared/time.js';
import { t } from '../i18n.js';

const REFUSALS = {
  file_too_large: 'size', unsupported_file_type: 'type', file_type_mismatch: 'type', empty_file: 'empty',
  too_many_files: 'tooMany', request_closed: 'closed',
};

/**
 * Uploads one file. { attachment } on 201; { refused: 'type'|'size'|'empty'|'tooMany'|'closed' } for the server's (or the
 * local check's) refusal; { notFound: true } for a wrong code or unknown ticket; { error: true } otherwise.
 */
export async function uploadRequestFile(fetchFn, serverBase, ticket, accessCode, file) {
  const checked = checkAttachment(file);
  if (!checked.ok) return { refused: checked.reason };
  try {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await fetchFn(`${serverBase}/api/requests/${encodeURIComponent(ticket)}/attachments`, {
      method: 'POST', headers: { 'X-Access-Code': accessCode }, body: form, credentials: 'omit',
    });
    if (res.status === 201) return { attachment: await res.json() };
    if (res.status === 404) return { notFound: true };
    const problem = await res.json().catch(() => ({}));
    const refused = REFUSALS[problem && problem.code];
    return refused ? { refused } : { error: true };
  } catch { return { error: true }; }
}

/** Uploads the files one by one, stopping at the first failure: { uploaded: [...], failed?: { name, outcome } }. */
export async function uploadRequestFiles(fetchFn, serverBase, ticket, accessCode, files) {
  const uploaded = [];
  for (const file of files) {
    const r = await uploadRequestFile(fetchFn, serverBase, ticket, accessCode, file);
    if (!r.attachment) return { uploaded, failed: { name: file.name, outcome: r } };
    uploaded.push(r.attachment);
  }
  return { uploaded };
}

/** The i18n key that tells the citizen why a file was not attached. */
export function failureKey(outcome) {
  if (!outcome) return 'requestFileFailed';
  if (outcome.refused === 'tooMany') return 'requestFileTooMany';
  if (outcome.refused === 'closed') return 'requestFileClosed';
  if (outcome.refused) return 'requestFileRefused';
  return 'requestFileFailed';
}

/** Downloads a file of the request with the code and hands it to the browser as a download. True when it worked. */
export async function downloadRequestFile(fetchFn, serverBase, ticket, accessCode, attachment, doc) {
  try {
    const res = await fetchFn(`${serverBase}/api/requests/${encodeURIComponent(ticket)}/attachments/${encodeURIComponent(attachment.id)}`, {
      headers: { 'X-Access-Code': accessCode }, credentials: 'omit',
    });
    return await saveResponseAs(res, attachment.name, doc);
  } catch { return false; }
}

/** A labelled file input for up to `max` files (PDF, JPG, PNG), with the chosen files listed under it. */
export function mountFilePicker({ h, uid, labelKey, testid, max = 5 }) {
  let lang = 'ru';
  const input = h('input', { type: 'file', id: uid(`${testid}-input`), multiple: true, accept: ACCEPT_ATTRIBUTE, 'data-testid': testid });
  const label = h('label', { for: input.id });
  const chosen = h('ul', { className: 'gc-note gc-file-list', 'data-testid': `${testid}-chosen` });
  const el = h('div', { className: 'gc-field gc-file-picker' }, label, input, chosen);
  let picked = [];
  const files = () => picked;
  input.addEventListener('change', () => { picked = Array.from(input.files || []).slice(0, max); render(lang); });
  function render(l) {
    lang = l;
    setText(label, t(lang, labelKey));
    clear(chosen);
    for (const f of files()) chosen.appendChild(h('li', null, `${f.name} · ${formatBytes(f.size, lang)}`));
  }
  return { el, files, clear() { picked = []; input.value = ''; render(lang); }, render };
}

/** Lists a request's files in `list`, each a button that downloads it. */
export function renderRequestFiles({ h, list, attachments, lang, onDownload }) {
  clear(list);
  for (const a of attachments) {
    const from = t(lang, a.from === 'operator' ? 'requestFileFromOperator' : 'requestFileFromCitizen');
    const b = h('button', { type: 'button', className: 'gc-link-btn', 'data-testid': 'goschat-request-file', 'data-from': a.from },
      t(lang, 'requestFileItem', { name: String(a.name || ''), size: formatBytes(Number(a.size) || 0, lang), from }));
    b.addEventListener('click', () => onDownload(a));
    list.appendChild(h('li', null, b, ' ', h('time', { className: 'gc-time', datetime: a.at }, formatLocalDateTime(a.at, lang))));
  }
}
