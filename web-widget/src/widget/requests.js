// "My requests": the requests opened from this browser's chats (ticket and access code kept in localStorage when the
// server sends RequestOpened), and any request opened by ticket + code, read from GET /api/requests/{ticket}.

import { setText, clear } from '../shared/dom.js';
import { formatLocalDateTime } from '../shared/time.js';
import { t } from '../i18n.js';
import { downloadRequestFile, failureKey, mountFilePicker, renderRequestFiles, uploadRequestFiles } from './request-files.js';

const MAX_SAVED = 20;
const TICKET_RE = /^[123]\d{8}$/;
const STATUS_KEYS = {
  received: 'requestStatusReceived', inProgress: 'requestStatusInProgress', waitingForCitizen: 'requestStatusWaiting',
  resolved: 'requestStatusResolved', declined: 'requestStatusDeclined',
};

export function requestBookKey(serverBase) {
  return `goschat:v1:requests:${serverBase || 'same-origin'}`;
}

/** The requests of this browser: [{ ticket, accessCode, dueAt }], newest first, at most MAX_SAVED. */
export function createRequestBook(storage, serverBase) {
  const key = requestBookKey(serverBase);
  const listeners = [];
  const read = () => {
    try {
      const data = JSON.parse((storage && storage.getItem(key)) || '[]');
      return Array.isArray(data) ? data.filter((r) => r && TICKET_RE.test(r.ticket) && typeof r.accessCode === 'string') : [];
    } catch { return []; }
  };
  return {
    list: read,
    add(entry) {
      if (!entry || !TICKET_RE.test(entry.ticket) || typeof entry.accessCode !== 'string') return;
      const next = [{ ticket: entry.ticket, accessCode: entry.accessCode, dueAt: entry.dueAt || null },
        ...read().filter((r) => r.ticket !== entry.ticket)].slice(0, MAX_SAVED);
      try { storage && storage.setItem(key, JSON.stringify(next)); } catch { /* storage full or disabled */ }
      listeners.forEach((fn) => fn(next));
    },
    subscribe(fn) { listeners.push(fn); },
  };
}

/** { request } when found, { notFound: true } for 404 (unknown ticket or wrong code alike), { error: true } otherwise. */
export async function lookupRequest(fetchFn, serverBase, ticket, accessCode) {
  try {
    const res = await fetchFn(`${serverBase}/api/requests/${encodeURIComponent(ticket)}`, {
      headers: { 'X-Access-Code': accessCode }, credentials: 'omit',
    });
    if (res.status === 404) return { notFound: true };
    if (!res.ok) return { error: true };
    return { request: await res.json() };
  } catch { return { error: true }; }
}

/**
 * The citizen's reply to a request waiting on them: POST /api/requests/{ticket}/replies with the code. { request } when
 * stored, { notFound: true } (unknown ticket or wrong code), { notWaiting: true } (409: it no longer waits), { error: true }.
 */
export async function replyToRequest(fetchFn, serverBase, ticket, accessCode, text) {
  try {
    const res = await fetchFn(`${serverBase}/api/requests/${encodeURIComponent(ticket)}/replies`, {
      method: 'POST', headers: { 'X-Access-Code': accessCode, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }), credentials: 'omit',
    });
    if (res.status === 404) return { notFound: true };
    if (res.status === 409) return { notWaiting: true };
    if (!res.ok) return { error: true };
    return { request: await res.json() };
  } catch { return { error: true }; }
}

// chat (optional): { canStart(), start({ ticket, accessCode, queue }) } — "Reply in chat" on a request waiting on the citizen.
export function mountRequests({ h, book, fetchFn, serverBase, uid, chat }) {
  let lang = 'ru';
  let open = false;
  let shown = null; // the request on screen
  let shownCode = ''; // the access code it was opened with
  let replyNote = null; // i18n key of the last reply's outcome
  let replyNoteParams = {};
  let problem = null; // i18n key of the last lookup's failure
  const tx = [];
  const bind = (el, key, attr) => { tx.push([el, key, attr]); return el; };

  const heading = bind(h('h3', { className: 'gc-requests-title', tabindex: '-1' }), 'myRequests');
  const savedTitle = bind(h('p', { className: 'gc-note' }), 'requestsSaved');
  const savedList = h('ul', { className: 'gc-requests-list', 'data-testid': 'goschat-requests-list' });
  const ticketInput = h('input', { id: uid('req-ticket'), inputmode: 'numeric', maxlength: '9', autocomplete: 'off', 'data-testid': 'goschat-request-ticket' });
  const codeInput = h('input', { id: uid('req-code'), maxlength: '32', autocomplete: 'off', 'data-testid': 'goschat-request-code' });
  const submit = bind(h('button', { type: 'submit', className: 'gc-primary', 'data-testid': 'goschat-request-open' }), 'requestOpen');
  const form = h('form', { className: 'gc-request-form', 'data-testid': 'goschat-request-form', novalidate: true },
    h('div', { className: 'gc-field' }, bind(h('label', { for: ticketInput.id }), 'ticketLabel'), ticketInput),
    h('div', { className: 'gc-field' }, bind(h('label', { for: codeInput.id }), 'requestCodeLabel'), codeInput), submit);
  const errorEl = h('p', { className: 'gc-form-error', role: 'alert', 'data-testid': 'goschat-request-error' });
  const detailTicket = h('p', { className: 'gc-ticket', 'data-testid': 'goschat-request-number' });
  const statusEl = h('p', { 'data-testid': 'goschat-request-status' });
  const dueEl = h('p', { 'data-testid': 'goschat-request-due' });
  const answersTitle = bind(h('h4'), 'requestAnswers');
  const answersList = h('ol', { className: 'gc-request-answers', 'data-testid': 'goschat-request-answers' });
  const repliesTitle = bind(h('h4'), 'requestReplies');
  const repliesList = h('ol', { className: 'gc-request-answers', 'data-testid': 'goschat-request-replies' });
  const replyInput = h('textarea', { id: uid('req-reply'), rows: '3', maxlength: '4000', 'data-testid': 'goschat-request-reply-text' });
  const filesTitle = bind(h('h4'), 'requestFiles');
  const filesList = h('ul', { className: 'gc-request-files', 'data-testid': 'goschat-request-files' });
  const picker = mountFilePicker({ h, uid, labelKey: 'requestAttachLabel', testid: 'goschat-request-reply-files' });
  const replySend = bind(h('button', { type: 'submit', className: 'gc-primary', 'data-testid': 'goschat-request-reply-send' }), 'requestReplySend');
  const replyForm = h('form', { className: 'gc-request-form', 'data-testid': 'goschat-request-reply-form', novalidate: true, hidden: true },
    h('div', { className: 'gc-field' }, bind(h('label', { for: replyInput.id }), 'requestReplyLabel'), replyInput), picker.el, replySend);
  const chatButton = bind(h('button', { type: 'button', className: 'gc-secondary', 'data-testid': 'goschat-request-chat', hidden: true }), 'requestReplyInChat');
  const replyNoteEl = h('p', { className: 'gc-note', role: 'status', 'data-testid': 'goschat-request-reply-note' });
  const detail = h('div', { className: 'gc-request-detail', role: 'region', 'aria-live': 'polite', 'data-testid': 'goschat-request-detail', hidden: true },
    detailTicket, statusEl, dueEl, answersTitle, answersList, repliesTitle, repliesList, filesTitle, filesList, replyForm, chatButton, replyNoteEl);
  const section = h('div', { className: 'gc-requests', 'data-testid': 'goschat-requests', hidden: true },
    heading, savedTitle, savedList, form, errorEl, detail);
  const toggle = h('button', { type: 'button', className: 'gc-icon-btn gc-requests-toggle', 'data-testid': 'goschat-requests-toggle', 'aria-pressed': 'false' });

  async function show(ticket, code) {
    problem = null;
    replyNote = null;
    const found = await lookupRequest(fetchFn, serverBase, ticket, code);
    if (found.request) { shown = found.request; shownCode = code; } else { shown = null; problem = found.notFound ? 'requestNotFound' : 'requestError'; }
    render(lang);
  }

  replyForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = replyInput.value.trim();
    if (!shown || !text) { replyNote = 'requestReplyEmpty'; render(lang); return; }
    replySend.disabled = true;
    replyNoteParams = {};
    // The files first (the request still takes them while it waits), then the reply that tells the operator.
    const files = await uploadRequestFiles(fetchFn, serverBase, shown.ticket, shownCode, picker.files());
    if (files.failed) {
      replySend.disabled = false;
      replyNote = files.failed.outcome.notFound ? 'requestNotFound' : failureKey(files.failed.outcome);
      replyNoteParams = { name: files.failed.name };
      render(lang);
      return;
    }
    const sent = await replyToRequest(fetchFn, serverBase, shown.ticket, shownCode, text);
    replySend.disabled = false;
    if (sent.request) { shown = sent.request; replyInput.value = ''; picker.clear(); replyNote = 'requestReplySent'; }
    else if (sent.notWaiting) { replyNote = 'requestReplyNotWaiting'; await show(shown.ticket, shownCode); replyNote = 'requestReplyNotWaiting'; }
    else replyNote = sent.notFound ? 'requestNotFound' : 'requestReplyError';
    render(lang);
  });

  chatButton.addEventListener('click', () => {
    if (!shown || !chat) return;
    if (!chat.canStart()) { replyNote = 'requestChatBusy'; replyNoteParams = {}; render(lang); return; }
    const r = { ticket: shown.ticket, accessCode: shownCode, queue: shown.queue };
    open = false;
    replyNote = null;
    onToggle();
    chat.start(r);
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ticket = ticketInput.value.trim();
    const code = codeInput.value.trim();
    if (!TICKET_RE.test(ticket) || !code) { shown = null; problem = 'requestNotFound'; render(lang); return; }
    show(ticket, code);
  });
  toggle.addEventListener('click', () => {
    open = !open;
    if (open) setTimeout(() => heading.focus(), 0);
    onToggle();
  });
  let onToggle = () => {};
  book.subscribe(() => render(lang));

  async function download(attachment) {
    const ticket = shown && shown.ticket;
    const ok = await downloadRequestFile(fetchFn, serverBase, ticket, shownCode, attachment, section.ownerDocument);
    if (!ok) { replyNote = 'requestFileDownloadError'; replyNoteParams = {}; render(lang); }
  }

  function renderSaved() {
    clear(savedList);
    const saved = book.list();
    savedTitle.hidden = saved.length === 0;
    for (const r of saved) {
      const b = h('button', { type: 'button', className: 'gc-link-btn', 'data-testid': 'goschat-request-item', 'data-ticket': r.ticket },
        t(lang, 'requestItem', { ticket: r.ticket, code: r.accessCode }));
      b.addEventListener('click', () => { ticketInput.value = r.ticket; codeInput.value = r.accessCode; show(r.ticket, r.accessCode); });
      savedList.appendChild(h('li', null, b));
    }
  }

  function render(l) {
    lang = l;
    for (const [el, key, attr] of tx) { if (attr) el.setAttribute(attr, t(lang, key)); else setText(el, t(lang, key)); }
    setText(toggle, open ? t(lang, 'myRequestsBack') : t(lang, 'myRequests'));
    toggle.setAttribute('aria-pressed', String(open));
    section.hidden = !open;
    renderSaved();
    setText(errorEl, problem ? t(lang, problem) : '');
    errorEl.hidden = !problem;
    detail.hidden = !shown;
    if (!shown) return;
    setText(detailTicket, t(lang, 'ticket', { ticket: shown.ticket }));
    setText(statusEl, t(lang, 'requestStatus', { status: t(lang, STATUS_KEYS[shown.status] || 'requestStatusReceived') }));
    setText(dueEl, t(lang, 'requestDue', { when: formatLocalDateTime(shown.dueAt, lang) }));
    clear(answersList);
    const answers = Array.isArray(shown.answers) ? shown.answers : [];
    if (answers.length === 0) answersList.appendChild(h('li', { className: 'gc-note' }, t(lang, 'requestNoAnswers')));
    for (const a of answers) {
      answersList.appendChild(h('li', { 'data-testid': 'goschat-request-answer' },
        h('p', null, String(a.text || '')), h('time', { className: 'gc-time', datetime: a.at }, formatLocalDateTime(a.at, lang))));
    }
    clear(repliesList);
    const replies = Array.isArray(shown.replies) ? shown.replies : [];
    repliesTitle.hidden = repliesList.hidden = replies.length === 0;
    for (const a of replies) {
      repliesList.appendChild(h('li', { 'data-testid': 'goschat-request-reply' },
        h('p', null, String(a.text || '')), h('time', { className: 'gc-time', datetime: a.at }, formatLocalDateTime(a.at, lang))));
    }
    const attachments = Array.isArray(shown.attachments) ? shown.attachments : [];
    filesTitle.hidden = filesList.hidden = attachments.length === 0;
    renderRequestFiles({ h, list: filesList, attachments, lang, onDownload: download });
    picker.render(lang);
    replyForm.hidden = shown.status !== 'waitingForCitizen';
    chatButton.hidden = !chat || shown.status !== 'waitingForCitizen';
    setText(replyNoteEl, replyNote ? t(lang, replyNote, replyNoteParams) : '');
    replyNoteEl.hidden = !replyNote;
  }

  return {
    section,
    toggle,
    isOpen: () => open,
    onToggle(fn) { onToggle = fn; },
    render,
  };
}
