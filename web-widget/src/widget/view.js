// The widget's DOM, inside a Shadow DOM so the host page's CSS cannot reach it and ours
// cannot leak out. Built once; update(state) only touches what changed.

import { makeH, setText, clear } from '../shared/dom.js';
import { ACCEPT_ATTRIBUTE } from '../shared/files.js';
import { safeHref } from '../shared/url.js';
import { formatLocalDateTime, formatWait, zoneOffsetMinutes } from '../shared/time.js';
import { t } from '../i18n.js';
import { summarizeStatus, TOPICS } from './status.js';
import { topicsOf, topicLabel, syncTopicOptions } from './topics.js';
import { scheduleText } from './schedule.js';
import { canWrite } from './state.js';
import { renderMessage } from './render.js';
import { mountRequests } from './requests.js';
import { mountWritten } from './written.js';

const HOST_STYLE = 'all: initial !important; position: fixed !important; right: 0 !important; bottom: 0 !important; '
  + 'width: 0 !important; height: 0 !important; z-index: 2147483000 !important; display: block !important;';

const PHONE_RE = /^[+\d\s()\-]{5,25}$/;

/** Days personal data is kept after a request closes, as the server's GosChat:Retention:ClosedSessions default says. */
export const DEFAULT_RETENTION_DAYS = 30;

// privacy: { url?, linkText?: { ru?, en?, any? }, days? } from the script tag's data-goschat-privacy-* attributes.
// languageMemory: { load(), save(code) } remembering the operator language the citizen chose (persist.js), or null.
export function mountView({ doc, controller, css, serverBase, privacy = {}, requestBook = null, fetchFn = null, languageMemory = null }) {
  const h = makeH(doc);
  const host = h('div', { id: 'goschat-widget-host', 'data-goschat-widget': '' });
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  const bindings = []; // [el, key, attr?]
  const tx = (el, key, attr) => { bindings.push([el, key, attr]); return el; };
  let lang = controller.state.uiLang;
  const uid = (name) => `gc-${name}`;

  // ---- skeleton -----------------------------------------------------------------------------
  const style = h('style', null, css || '');
  const statusDot = h('span', { className: 'gc-dot', 'aria-hidden': 'true' });
  const launcherLabel = tx(h('span', { className: 'gc-launcher-label' }), 'launcher');
  const launcherStatus = h('span', { className: 'gc-launcher-status', 'data-testid': 'goschat-launcher-status' });
  // Named by its visible text ("Chat Online"), so speech users can say what they see (WCAG 2.5.3).
  const launcher = h('button', {
    type: 'button', className: 'gc-launcher', 'data-testid': 'goschat-launcher',
    'aria-expanded': 'false', 'aria-controls': uid('panel'), 'aria-haspopup': 'dialog',
  }, statusDot, launcherLabel, ' ', launcherStatus);

  const title = tx(h('h2', { id: uid('title'), className: 'gc-title' }), 'title');
  const headerStatus = h('span', { className: 'gc-badge', 'data-testid': 'goschat-status' });
  const langButton = tx(tx(h('button', { type: 'button', className: 'gc-icon-btn gc-lang', 'data-testid': 'goschat-lang' }), 'switchLanguage'), 'switchLanguageLabel', 'aria-label');
  const closeButton = tx(h('button', { type: 'button', className: 'gc-icon-btn', 'data-testid': 'goschat-close' }, '✕'), 'close', 'aria-label');
  // "My requests" (requests.js): a second view of the panel, over the chat.
  const requests = requestBook ? mountRequests({ h, book: requestBook, fetchFn, serverBase, uid, chat: {
    canStart: () => controller.state.phase === 'prechat',
    start: (r) => controller.startSession({ topic: r.queue || '', text: t(lang, 'requestChatOpening', { ticket: r.ticket }),
      language: langSelect.value, continueRequest: { ticket: r.ticket, accessCode: r.accessCode } }),
  } }) : null;
  const header = h('header', { className: 'gc-header' }, h('div', { className: 'gc-header-main' }, title, headerStatus),
    ...(requests ? [requests.toggle] : []), langButton, closeButton);

  const connLine = h('div', { className: 'gc-conn', role: 'status', 'aria-live': 'polite', 'data-testid': 'goschat-connection' });
  const errorText = h('span');
  const errorDismiss = tx(h('button', { type: 'button', className: 'gc-link-btn' }), 'dismiss');
  const errorBox = h('div', { className: 'gc-error', role: 'alert', 'data-testid': 'goschat-error', hidden: true }, errorText, ' ', errorDismiss);

  // ---- pre-chat form --------------------------------------------------------------------------
  const statusState = h('p', { className: 'gc-status-state', 'data-testid': 'goschat-prechat-status' });
  const statusHint = h('p', { className: 'gc-status-hint' });
  const statusNext = h('p', { className: 'gc-status-next', 'data-testid': 'goschat-next-opening' });
  const statusSchedule = h('p', { className: 'gc-status-schedule', 'data-testid': 'goschat-schedule' });
  const statusBox = h('div', { className: 'gc-status-box', 'aria-live': 'polite' }, statusState, statusHint, statusNext, statusSchedule);

  const field = (id, labelKey, control) => {
    control.id = uid(id);
    const label = tx(h('label', { for: control.id }), labelKey);
    return { wrap: h('div', { className: 'gc-field' }, label, control), label };
  };
  const option = (value, key) => tx(h('option', { value }), key);

  const topicSelect = h('select', { name: 'topic', 'data-testid': 'goschat-topic', required: true },
    ...TOPICS.map((q) => h('option', { value: q })), option('', 'topicAuto'));
  const textArea = h('textarea', { name: 'text', rows: '3', maxlength: '2000', 'data-testid': 'goschat-text' });
  tx(textArea, 'textPlaceholder', 'placeholder');
  const kindSelect = h('select', { name: 'kind', 'data-testid': 'goschat-kind' },
    option('question', 'kindQuestion'), option('complaint', 'kindComplaint'), option('application', 'kindApplication'));
  const langSelect = h('select', { name: 'language', 'data-testid': 'goschat-language' },
    option('ru', 'langRu'), option('en', 'langEn'), option('tt', 'langTt'), option('ba', 'langBa'));
  const nameInput = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: '100', 'data-testid': 'goschat-name' });
  const phoneInput = h('input', { type: 'tel', name: 'phone', autocomplete: 'tel', maxlength: '25', 'data-testid': 'goschat-phone' });
  const fTopic = field('topic', 'topicLabel', topicSelect);
  const fText = field('text', 'textLabel', textArea);
  const fKind = field('kind', 'kindLabel', kindSelect);
  const fLang = field('language', 'languageLabel', langSelect);
  const fName = field('name', 'nameLabel', nameInput);
  const fPhone = field('phone', 'phoneLabel', phoneInput);
  const formError = h('p', { className: 'gc-form-error', role: 'alert', 'data-testid': 'goschat-form-error', id: uid('form-error') });
  const startButton = tx(h('button', { type: 'submit', className: 'gc-primary', 'data-testid': 'goschat-start' }), 'start');
  const intro = tx(h('p', { className: 'gc-intro' }), 'prechatIntro');
  // The personal-data notice (152-FZ) comes before the form's fields, and the start button refers to it.
  const privacyText = h('span', { 'data-testid': 'goschat-privacy-text' });
  const privacyHref = safeHref(privacy.url, serverBase);
  const privacyLink = privacyHref
    ? h('a', { href: privacyHref, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'goschat-privacy-link' })
    : null;
  const privacyNotice = h('p', { className: 'gc-privacy', id: uid('privacy'), 'data-testid': 'goschat-privacy' },
    privacyText, ...(privacyLink ? [' ', privacyLink] : []));
  const retentionDays = Number.isInteger(privacy.days) && privacy.days > 0 ? privacy.days : DEFAULT_RETENTION_DAYS;
  startButton.setAttribute('aria-describedby', privacyNotice.id);
  const prechat = h('form', { className: 'gc-prechat', 'data-testid': 'goschat-prechat', novalidate: true },
    statusBox, privacyNotice, intro, fTopic.wrap, fText.wrap, fKind.wrap, fLang.wrap, fName.wrap, fPhone.wrap, formError, startButton);
  const written = requestBook && fetchFn ? mountWritten({ h, book: requestBook, fetchFn, serverBase, uid,
    fields: { topicSelect, textArea, kindSelect, langSelect, nameInput, phoneInput } }) : null;
  if (written) prechat.appendChild(written.el);

  // ---- chat ---------------------------------------------------------------------------------
  const ticketEl = h('span', { className: 'gc-ticket', 'data-testid': 'goschat-ticket' });
  const positionEl = h('span', { className: 'gc-position', role: 'status', 'aria-live': 'polite', 'data-testid': 'goschat-position' });
  const sessionBar = h('div', { className: 'gc-sessionbar' }, ticketEl, positionEl);
  const deferredNote = tx(h('p', { className: 'gc-note gc-note--deferred', role: 'status', 'data-testid': 'goschat-deferred', hidden: true }), 'deferred');
  const joinedNote = h('p', { className: 'gc-note gc-note--joined', role: 'status', 'data-testid': 'goschat-operator-joined', hidden: true });
  // The log (a live region) wraps the list, so the messages stay a list for screen readers.
  const list = h('ol', { className: 'gc-messages-list' });
  const log = h('div', { className: 'gc-messages', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-testid': 'goschat-messages', tabindex: '0' }, list);
  tx(log, 'messagesLabel', 'aria-label');
  const typingEl = tx(h('p', { className: 'gc-typing', 'aria-live': 'polite', 'data-testid': 'goschat-typing', hidden: true }), 'operatorTyping');
  const uploadsEl = h('ul', { className: 'gc-uploads', 'aria-live': 'polite', 'data-testid': 'goschat-uploads' });

  const input = h('textarea', { id: uid('input'), rows: '2', maxlength: '4000', 'data-testid': 'goschat-input', className: 'gc-input' });
  tx(input, 'inputPlaceholder', 'placeholder');
  const inputLabel = tx(h('label', { for: input.id, className: 'gc-sr' }), 'inputLabel');
  const fileInput = h('input', { type: 'file', accept: ACCEPT_ATTRIBUTE, className: 'gc-sr', tabindex: '-1', 'data-testid': 'goschat-file', 'aria-hidden': 'true' });
  const attachButton = h('button', { type: 'button', className: 'gc-icon-btn gc-attach', 'data-testid': 'goschat-attach' }, '📎');
  tx(attachButton, 'attach', 'aria-label');
  tx(attachButton, 'attachHint', 'title');
  const sendButton = tx(h('button', { type: 'submit', className: 'gc-primary gc-send', 'data-testid': 'goschat-send' }), 'send');
  const composer = h('form', { className: 'gc-composer', 'data-testid': 'goschat-composer' }, inputLabel, input, fileInput, attachButton, sendButton);
  const endButton = tx(h('button', { type: 'button', className: 'gc-link-btn gc-end', 'data-testid': 'goschat-end' }), 'endChat');
  const endConfirm = tx(h('button', { type: 'button', className: 'gc-primary gc-danger', 'data-testid': 'goschat-end-confirm' }), 'endChatYes');
  const endCancel = tx(h('button', { type: 'button', className: 'gc-secondary', 'data-testid': 'goschat-end-cancel' }), 'endChatNo');
  const endAsk = h('div', { className: 'gc-end-ask', role: 'group', hidden: true, 'data-testid': 'goschat-end-ask' },
    tx(h('p', { id: uid('end-ask') }), 'endChatConfirm'), endConfirm, endCancel);
  endAsk.setAttribute('aria-labelledby', uid('end-ask'));

  const closedText = h('p', { className: 'gc-closed-text', role: 'status', 'data-testid': 'goschat-closed-text' });
  const rateLegend = tx(h('legend'), 'rateTitle');
  let chosenScore = 0;
  const stars = [1, 2, 3, 4, 5].map((n) => h('button', {
    type: 'button', className: 'gc-star', 'data-score': String(n), 'data-testid': `goschat-rate-${n}`, 'aria-pressed': 'false',
  }, '★'));
  const rateComment = h('textarea', { id: uid('rate-comment'), rows: '2', maxlength: '1000', 'data-testid': 'goschat-rate-comment' });
  const rateCommentLabel = tx(h('label', { for: rateComment.id }), 'rateComment');
  const rateSubmit = tx(h('button', { type: 'submit', className: 'gc-primary', 'data-testid': 'goschat-rate-submit', disabled: true }), 'rateSubmit');
  const rateForm = h('form', { className: 'gc-rate', 'data-testid': 'goschat-rate' },
    h('fieldset', null, rateLegend, h('div', { className: 'gc-stars', role: 'group' }, ...stars)), rateCommentLabel, rateComment, rateSubmit);
  const thanks = tx(h('p', { className: 'gc-thanks', role: 'status', 'data-testid': 'goschat-rate-thanks', hidden: true }), 'rateThanks');
  const newChatButton = tx(h('button', { type: 'button', className: 'gc-secondary', 'data-testid': 'goschat-new-chat' }), 'newChat');
  const closedBox = h('div', { className: 'gc-closed', 'data-testid': 'goschat-closed', hidden: true }, closedText, rateForm, thanks, newChatButton);

  const resumingNote = tx(h('p', { className: 'gc-note', role: 'status', hidden: true }), 'connecting');
  const chat = h('div', { className: 'gc-chat', 'data-testid': 'goschat-chat', hidden: true },
    sessionBar, deferredNote, joinedNote, log, typingEl, uploadsEl, composer, endButton, endAsk, closedBox);

  const panel = h('section', {
    id: uid('panel'), className: 'gc-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': uid('title'),
    'data-testid': 'goschat-panel', hidden: true,
  }, header, connLine, errorBox, h('div', { className: 'gc-body', 'data-testid': 'goschat-body' }, resumingNote, prechat, chat),
  ...(requests ? [h('div', { className: 'gc-body' }, requests.section)] : []));
  const wrapper = h('div', { className: 'gc-root' }, launcher, panel);
  root.appendChild(style);
  root.appendChild(wrapper);

  // ---- behaviour ----------------------------------------------------------------------------
  const focusFirst = () => {
    const s = controller.state;
    const target = s.phase === 'prechat' ? topicSelect : (canWrite(s) ? input : closeButton);
    setTimeout(() => target.focus(), 0);
  };
  launcher.addEventListener('click', () => {
    if (controller.state.panelOpen) controller.close(); else { controller.open(); focusFirst(); }
  });
  closeButton.addEventListener('click', () => { controller.close(); launcher.focus(); });
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); controller.close(); launcher.focus(); }
  });
  langButton.addEventListener('click', () => controller.setLanguage(lang === 'ru' ? 'en' : 'ru'));
  errorDismiss.addEventListener('click', () => controller.dispatch({ type: 'clearError' }));

  const syncTextRequired = () => {
    const auto = topicSelect.value === '';
    textArea.required = auto;
    bindText(fText.label, auto ? 'textLabelRequired' : 'textLabel');
  };
  topicSelect.addEventListener('change', () => { syncTextRequired(); update(controller.state); });

  prechat.addEventListener('submit', (e) => {
    e.preventDefault();
    setText(formError, '');
    if (topicSelect.value === '' && !textArea.value.trim()) {
      setText(formError, t(lang, 'textRequired'));
      textArea.setAttribute('aria-invalid', 'true');
      textArea.setAttribute('aria-describedby', formError.id);
      textArea.focus();
      return;
    }
    textArea.removeAttribute('aria-invalid');
    const phone = phoneInput.value.trim();
    if (phone && !PHONE_RE.test(phone)) {
      setText(formError, t(lang, 'phoneInvalid'));
      phoneInput.setAttribute('aria-invalid', 'true');
      phoneInput.setAttribute('aria-describedby', formError.id);
      phoneInput.focus();
      return;
    }
    phoneInput.removeAttribute('aria-invalid');
    controller.startSession({
      topic: topicSelect.value, text: textArea.value, kind: kindSelect.value, language: langSelect.value,
      name: nameInput.value, phone,
    }).then(() => {
      if (controller.state.phase !== 'prechat') { textArea.value = ''; input.focus(); }
    });
  });

  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    if (controller.send(input.value)) input.value = '';
    input.focus();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (controller.send(input.value)) input.value = '';
    }
  });
  input.addEventListener('input', () => controller.typing(input.value.length > 0));
  attachButton.addEventListener('click', () => fileInput.click());
  // The server's own files open through a short-lived signed link, asked for at the click (never a token in a URL).
  list.addEventListener('click', async (e) => {
    const a = e.target && e.target.closest ? e.target.closest('a[data-attachment-id]') : null;
    if (!a) return;
    e.preventDefault();
    const url = await controller.attachmentLink(a.getAttribute('data-attachment-id'));
    if (!url) return;
    const go = doc.createElement('a');
    go.href = url;
    go.rel = 'noopener noreferrer';
    go.download = a.getAttribute('download') || '';
    go.hidden = true;
    doc.body.appendChild(go);
    go.click();
    go.remove();
  });
  fileInput.addEventListener('change', () => {
    const files = Array.from(fileInput.files || []);
    fileInput.value = '';
    for (const f of files) controller.upload(f);
  });
  // Ending asks inline (no window.confirm): the citizen confirms or cancels with two buttons.
  endButton.addEventListener('click', () => { endAsk.hidden = false; endButton.hidden = true; endCancel.focus(); });
  endCancel.addEventListener('click', () => { endAsk.hidden = true; endButton.hidden = false; endButton.focus(); });
  endConfirm.addEventListener('click', () => { endAsk.hidden = true; controller.closeSession(); });
  stars.forEach((star, i) => star.addEventListener('click', () => {
    chosenScore = i + 1;
    stars.forEach((s, j) => { s.setAttribute('aria-pressed', String(j < chosenScore)); s.classList.toggle('gc-star--on', j < chosenScore); });
    rateSubmit.disabled = false;
  }));
  rateForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (chosenScore) controller.rate(chosenScore, rateComment.value);
  });
  newChatButton.addEventListener('click', () => {
    chosenScore = 0;
    rateComment.value = '';
    stars.forEach((s) => { s.setAttribute('aria-pressed', 'false'); s.classList.remove('gc-star--on'); });
    rateSubmit.disabled = true;
    controller.newChat();
    focusFirst();
  });

  // ---- rendering ----------------------------------------------------------------------------
  function bindText(el, key) {
    const b = bindings.find((x) => x[0] === el && !x[2]);
    if (b) b[1] = key; else bindings.push([el, key]);
    setText(el, t(lang, key));
  }

  function applyLanguage() {
    wrapper.setAttribute('lang', lang);
    // "English" / "Русский" is in the language it switches to.
    langButton.setAttribute('lang', lang === 'ru' ? 'en' : 'ru');
    for (const [el, key, attr] of bindings) {
      if (attr) el.setAttribute(attr, t(lang, key)); else setText(el, t(lang, key));
    }
    stars.forEach((s, i) => s.setAttribute('aria-label', t(lang, 'rateScore', { score: i + 1 })));
    setText(privacyText, t(lang, 'privacyNotice', { days: retentionDays }));
    if (privacyLink) setText(privacyLink, privacyLinkText(privacy.linkText, lang) || t(lang, 'privacyLink'));
  }

  const messageNodes = new Map();
  function renderMessages(s) {
    const ctx = { lang, serverBase, operatorName: s.session?.operatorName, sessionLanguage: s.session?.language };
    const seen = new Set();
    s.messages.forEach((m, i) => {
      seen.add(m.key);
      let li = messageNodes.get(m.key);
      const sig = `${lang}|${m.delivery}|${m.messageId}|${m.text}|${m.sentAt}|${ctx.operatorName}|${ctx.sessionLanguage}|${m.attachment ? m.attachment.url : ''}`;
      if (!li) { li = renderMessage(doc, m, ctx); li._sig = sig; messageNodes.set(m.key, li); }
      else if (li._sig !== sig) { renderMessage(doc, m, ctx, li); li._sig = sig; }
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    for (const [key, li] of messageNodes) {
      if (!seen.has(key)) { li.remove(); messageNodes.delete(key); }
    }
  }

  function statusLabel(state) {
    return t(lang, { online: 'statusOnline', waiting: 'statusWaiting', unavailable: 'statusUnavailable' }[state] || 'statusUnknown');
  }

  function renderStatus(s) {
    // The line's topics (or every queue's), as /api/status lists them.
    syncTopicOptions(topicSelect, topicsOf(s.status), (id) => topicLabel(id, s.status, lang, t), (id) => h('option', { value: id }));
    const overall = summarizeStatus(s.status, '');
    const forTopic = summarizeStatus(s.status, topicSelect.value);
    statusDot.className = `gc-dot gc-dot--${overall.state}`;
    setText(launcherStatus, overall.state === 'unknown' ? '' : statusLabel(overall.state));
    setText(headerStatus, statusLabel(overall.state));
    headerStatus.className = `gc-badge gc-badge--${overall.state}`;
    const st = forTopic.state === 'unknown' ? overall : forTopic;
    statusBox.className = `gc-status-box gc-status-box--${st.state}`;
    setText(statusState, statusLabel(st.state));
    const wait = formatWait(st.estimatedWaitSeconds ?? 0, lang);
    if (st.state === 'online') setText(statusHint, t(lang, 'statusOnlineHint', { wait }));
    else if (st.state === 'waiting') setText(statusHint, t(lang, 'statusWaitingHint', { waiting: st.waiting, wait }));
    else if (st.state === 'unavailable') setText(statusHint, t(lang, 'offHoursLeaveMessage'));
    else setText(statusHint, '');
    const next = st.state === 'unavailable' && st.nextOpening ? formatLocalDateTime(st.nextOpening, lang) : '';
    setText(statusNext, next ? t(lang, 'nextOpening', { when: next }) : '');
    if (written) written.render(lang, st.state === 'unavailable');
    statusNext.hidden = !next;
    // The hours of the chosen topic's queue (or of every queue, when none is chosen), as the server configures them.
    const zone = s.status?.timeZone || 'Europe/Moscow';
    const zoneOffset = zoneOffsetMinutes(zone, Date.now());
    const localOffset = -new Date().getTimezoneOffset();
    const shift = zoneOffset !== null && zoneOffset !== localOffset ? localOffset - zoneOffset : 0;
    const schedule = scheduleText(s.status, topicSelect.value, lang, shift);
    setText(statusSchedule, schedule);
    statusSchedule.hidden = !schedule;
  }

  function renderSession(s) {
    const sess = s.session;
    setText(ticketEl, sess?.ticket ? t(lang, 'ticket', { ticket: sess.ticket }) : '');
    let pos = '';
    if (sess && s.phase === 'queued' && typeof sess.position === 'number' && sess.position > 0) {
      pos = sess.position === 1 ? t(lang, 'positionFirst') : t(lang, 'position', { position: sess.position });
      if (typeof sess.estimatedWaitSeconds === 'number' && !sess.deferred) pos += ' · ' + t(lang, 'estimatedWait', { wait: formatWait(sess.estimatedWaitSeconds, lang) });
    }
    setText(positionEl, pos);
    positionEl.hidden = !pos;
    deferredNote.hidden = !(sess && sess.deferred && s.phase === 'queued');
    const joined = !!sess && (s.phase === 'active' || (s.phase === 'closed' && !!sess.operatorName));
    joinedNote.hidden = !joined;
    if (joined) setText(joinedNote, t(lang, 'operatorJoined', { name: sess.operatorName || t(lang, 'operatorDefault') }));
  }

  function renderConnection(s) {
    const key = { reconnecting: 'reconnecting', offline: 'offline', connecting: s.phase === 'starting' || s.phase === 'resuming' ? 'connecting' : null }[s.connection];
    setText(connLine, key ? t(lang, key) : '');
    connLine.hidden = !key;
  }

  function renderError(s) {
    const e = s.error || s.notice;
    errorBox.hidden = !e;
    errorBox.classList.toggle('gc-error--notice', !s.error && !!s.notice);
    if (!e) return;
    setText(errorText, e.text ? t(lang, 'errorPrefix', { message: e.text }) : t(lang, e.key, e.vars));
  }

  function renderUploads(s) {
    clear(uploadsEl);
    for (const u of s.uploads) uploadsEl.appendChild(h('li', null, t(lang, 'uploading', { name: u.name })));
  }

  let lastLang = null;
  let lastPhase = null;
  let lastRated = false;
  const focusInside = () => !!(root.activeElement || (root === host && doc.activeElement && host.contains(doc.activeElement)));
  function moveFocus(s) {
    // Keep keyboard focus inside the panel when the control that held it disappears.
    if (!s.panelOpen) return;
    const rated = !!s.rating;
    if (s.phase === 'closed' && lastPhase !== 'closed' && lastPhase !== null && (focusInside() || !root.activeElement)) stars[0].focus();
    else if (rated && !lastRated) newChatButton.focus();
  }
  function update(s) {
    lang = s.uiLang;
    if (lang !== lastLang) { applyLanguage(); lastLang = lang; syncTextRequired(); }
    launcher.setAttribute('aria-expanded', String(s.panelOpen));
    panel.hidden = !s.panelOpen;
    wrapper.classList.toggle('gc-open', s.panelOpen);
    renderStatus(s);
    renderConnection(s);
    renderError(s);
    resumingNote.hidden = s.phase !== 'resuming';
    prechat.hidden = !(s.phase === 'prechat' || s.phase === 'starting');
    startButton.disabled = s.phase === 'starting';
    setText(startButton, t(lang, s.phase === 'starting' ? 'starting' : 'start'));
    chat.hidden = !(s.phase === 'queued' || s.phase === 'active' || s.phase === 'closed');
    if (s.prefill.name && !nameInput.value) nameInput.value = s.prefill.name;
    if (s.prefill.phone && !phoneInput.value) phoneInput.value = s.prefill.phone;
    renderSession(s);
    renderMessages(s);
    typingEl.hidden = !(s.operatorTyping && s.phase === 'active');
    renderUploads(s);
    const writable = canWrite(s);
    composer.hidden = !writable;
    if (!writable) endAsk.hidden = true;
    endButton.hidden = !writable || !endAsk.hidden;
    closedBox.hidden = s.phase !== 'closed';
    if (s.phase === 'closed') {
      setText(closedText, s.closedReason ? t(lang, 'closedReason', { reason: s.closedReason }) : t(lang, 'closed'));
      rateForm.hidden = !!s.rating;
      thanks.hidden = !s.rating;
    }
    if (s.panelOpen && !chat.hidden) log.scrollTop = log.scrollHeight;
    if (requests) { requests.render(lang); panel.querySelector('[data-testid="goschat-body"]').hidden = requests.isOpen(); }
    moveFocus(s);
    lastPhase = s.phase;
    lastRated = !!s.rating;
  }

  if (requests) requests.onToggle(() => update(controller.state));
  langSelect.value = languageMemory?.load() || controller.state.uiLang;
  langSelect.addEventListener('change', () => languageMemory?.save(langSelect.value));
  controller.subscribe((s) => update(s));
  update(controller.state);
  return { host, root, update, elements: { launcher, panel, log, list, input, topicSelect, textArea } };
}

/** The configured link text for the language, else for any language, else null (the built-in text). */
export function privacyLinkText(linkText, lang) {
  const pick = (v) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return linkText ? pick(linkText[lang]) || pick(linkText.any) : null;
}
