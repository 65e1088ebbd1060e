// Written requests: out of hours, a citizen who prefers not to wait files the pre-chat form's text as a request at once
// (POST /api/requests, deadline class "form": 48 working hours). The ticket and access code come back in the answer and
// are kept in "My requests" like those of requests opened from a chat.

import { setText } from '../shared/dom.js';
import { formatLocalDateTime } from '../shared/time.js';
import { t } from '../i18n.js';
import { failureKey, mountFilePicker, uploadRequestFiles } from './request-files.js';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PROBLEM_KEYS = { contact_required: 'writtenContactRequired', bad_email: 'writtenEmailInvalid', bad_phone: 'phoneInvalid' };

/** { filed: { ticket, accessCode, status, dueAt } } on 201, { problem: code } on 400, { tooMany: true } on 429, { error: true } otherwise. */
export async function fileWrittenRequest(fetchFn, serverBase, body) {
  try {
    const res = await fetchFn(`${serverBase}/api/requests`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit',
    });
    if (res.status === 201) return { filed: await res.json() };
    if (res.status === 429) return { tooMany: true };
    if (res.status === 400) { const p = await res.json().catch(() => ({})); return { problem: String(p.code || '') }; }
    return { error: true };
  } catch { return { error: true }; }
}

// fields: the pre-chat form's controls { topicSelect, textArea, kindSelect, langSelect, nameInput, phoneInput }.
export function mountWritten({ h, book, fetchFn, serverBase, uid, fields }) {
  let lang = 'ru';
  let note = null; // [i18n key, params] of the last outcome
  let isError = false;
  const tx = [];
  const bind = (el, key) => { tx.push([el, key]); return el; };

  const intro = bind(h('p', { className: 'gc-note', 'data-testid': 'goschat-written-intro' }), 'writtenIntro');
  const emailInput = h('input', { type: 'email', id: uid('written-email'), autocomplete: 'email', maxlength: '254', 'data-testid': 'goschat-written-email' });
  const send = bind(h('button', { type: 'button', className: 'gc-secondary', 'data-testid': 'goschat-written-send' }), 'writtenSend');
  const outcome = h('p', { role: 'status', 'data-testid': 'goschat-written-outcome' });
  // Files go up after the request is filed, with its new ticket and code (POST /api/requests/{ticket}/attachments).
  const picker = mountFilePicker({ h, uid, labelKey: 'requestAttachLabel', testid: 'goschat-written-files' });
  const filesNote = h('p', { className: 'gc-form-error', role: 'alert', 'data-testid': 'goschat-written-files-note', hidden: true });
  let filesProblem = null; // [i18n key, params] when a file could not be attached
  const el = h('div', { className: 'gc-written', 'data-testid': 'goschat-written', hidden: true },
    intro, h('div', { className: 'gc-field' }, bind(h('label', { for: emailInput.id }), 'emailLabel'), emailInput), picker.el, send, outcome, filesNote);

  const show = (key, params = {}, error = false) => { note = [key, params]; isError = error; render(lang); };

  send.addEventListener('click', async () => {
    const text = fields.textArea.value.trim();
    const phone = fields.phoneInput.value.trim();
    const email = emailInput.value.trim();
    if (!text) { show('writtenTextRequired', {}, true); fields.textArea.focus(); return; }
    if (!phone && !email) { show('writtenContactRequired', {}, true); emailInput.focus(); return; }
    if (email && !EMAIL_RE.test(email)) { show('writtenEmailInvalid', {}, true); emailInput.focus(); return; }
    send.disabled = true;
    filesProblem = null;
    const r = await fileWrittenRequest(fetchFn, serverBase, {
      topic: fields.topicSelect.value || null, kind: fields.kindSelect.value, text, language: fields.langSelect.value,
      name: fields.nameInput.value.trim() || null, phone: phone || null, email: email || null,
    });
    if (r.filed) {
      book.add({ ticket: r.filed.ticket, accessCode: r.filed.accessCode, dueAt: r.filed.dueAt });
      const files = await uploadRequestFiles(fetchFn, serverBase, r.filed.ticket, r.filed.accessCode, picker.files());
      if (files.failed) filesProblem = [failureKey(files.failed.outcome), { name: files.failed.name }];
      else picker.clear();
    }
    send.disabled = false;
    if (r.filed) {
      fields.textArea.value = '';
      show('writtenFiled', { ticket: r.filed.ticket, code: r.filed.accessCode, dueAt: r.filed.dueAt });
    } else if (r.tooMany) show('writtenTooMany', {}, true);
    else if (r.problem) show(PROBLEM_KEYS[r.problem] || 'writtenError', {}, true);
    else show('writtenError', {}, true);
  });

  function render(l, unavailable) {
    lang = l;
    if (unavailable !== undefined) el.hidden = !unavailable && !note;
    for (const [node, key] of tx) setText(node, t(lang, key));
    picker.render(lang);
    setText(filesNote, filesProblem ? t(lang, filesProblem[0], filesProblem[1]) : '');
    filesNote.hidden = !filesProblem;
    if (!note) { setText(outcome, ''); outcome.hidden = true; return; }
    const [key, params] = note;
    const when = params.dueAt ? formatLocalDateTime(params.dueAt, lang) : '';
    setText(outcome, t(lang, key, { ...params, when }));
    outcome.className = isError ? 'gc-form-error' : 'gc-note';
    outcome.hidden = false;
  }

  return { el, render };
}
