// Console: find a request by ticket and open its card (operator hub GetRequest), then continue it — move its status,
// answer the citizen, add an internal note (SetRequestStatus, AddRequestAnswer, AddRequestNote). Its own texts live
// here. Every text from the server is shown as text.

import { clear, setText } from '../shared/dom.js';
import { hubErrorText } from '../shared/errors.js';
import { formatLocalDateTime } from '../shared/time.js';
import { downloadCardFile, fileInput, renderCardFiles, uploadCardFile } from './request-files.js';

const TICKET_RE = /^[123]\d{8}$/;
const MOVES = ['inProgress', 'waitingForCitizen', 'resolved', 'declined'];

const TEXTS = {
  ru: {
    title: 'Обращение по номеру', ticket: 'Номер обращения', open: 'Открыть', badTicket: 'Номер — 9 цифр, первая 1, 2 или 3.',
    kind: 'Вид', queue: 'Очередь', status: 'Статус', due: 'Срок ответа', assignee: 'Ведёт', nobody: 'никто',
    history: 'История', notes: 'Заметки (внутренние)', answers: 'Ответы гражданину', replies: 'Ответы гражданина', empty: '—',
    moveTo: 'Новый статус', move: 'Сменить статус', text: 'Текст', answer: 'Ответить гражданину', note: 'Добавить заметку',
    replied: 'Гражданин ответил по обращению {ticket}.',
    files: 'Файлы', attachFiles: 'Файлы (PDF, JPG, PNG до 5 МБ)', attach: 'Приложить файлы', fromCitizen: 'гражданин', fromOperator: 'оператор',
    fileRefused: 'Файл «{name}» не подходит: только PDF, JPG или PNG до 5 МБ.', fileFailed: 'Файл «{name}» не приложен: {error}',
    downloadFailed: 'Не удалось скачать файл.',
    link: 'Связать с открытым чатом', linked: 'Чат связан с обращением {ticket}.', chatFor: 'Гражданин пишет по обращению {ticket}.',
    sessions: 'Чаты и звонки', noChat: 'Откройте чат, который нужно связать с обращением.',
    received: 'принято', inProgress: 'в работе', waitingForCitizen: 'ждёт гражданина', resolved: 'выполнено', declined: 'отклонено',
    application: 'заявление', complaint: 'жалоба', question: 'вопрос',
  },
  en: {
    title: 'Request by ticket', ticket: 'Ticket', open: 'Open', badTicket: 'A ticket is 9 digits, the first 1, 2 or 3.',
    kind: 'Kind', queue: 'Queue', status: 'Status', due: 'Due', assignee: 'Followed by', nobody: 'nobody',
    history: 'History', notes: 'Notes (internal)', answers: 'Answers to the citizen', replies: 'Citizen\'s replies', empty: '—',
    moveTo: 'New status', move: 'Change status', text: 'Text', answer: 'Answer the citizen', note: 'Add a note',
    replied: 'The citizen replied to request {ticket}.',
    files: 'Files', attachFiles: 'Files (PDF, JPG, PNG up to 5 MB)', attach: 'Attach files', fromCitizen: 'citizen', fromOperator: 'operator',
    fileRefused: 'The file "{name}" cannot be attached: only PDF, JPG or PNG up to 5 MB.', fileFailed: 'The file "{name}" was not attached: {error}',
    downloadFailed: 'The file could not be downloaded.',
    link: 'Link the open chat', linked: 'The chat is linked to request {ticket}.', chatFor: 'The citizen writes about request {ticket}.',
    sessions: 'Chats and calls', noChat: 'Open the chat to link to the request first.',
    received: 'received', inProgress: 'in progress', waitingForCitizen: 'waiting for the citizen', resolved: 'resolved', declined: 'declined',
    application: 'application', complaint: 'complaint', question: 'question',
  },
};

export function cardText(lang, key, vars = {}) {
  const text = (TEXTS[lang] || TEXTS.ru)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/**
 * invoke(method, ...args): the operator hub's invoke (rejects while not connected). Files go over HTTP with the
 * operator's token (shell.token()) through fetchFn (the page's fetch unless given). activeSession(): the id of the chat
 * open in the workspace, if any — "Link the open chat" links it to the card (LinkRequest).
 */
export function mountRequestCard({ h, shell, invoke, fetchFn, activeSession = () => null }) {
  let card = null;
  let problem = '';
  let news = '';
  const labels = [];
  const label = (el, key) => { labels.push([el, key]); return el; };
  const lang = () => shell.lang;
  const tr = (key, vars) => cardText(lang(), key, vars);

  const ticketInput = h('input', { id: 'st-req-ticket', inputmode: 'numeric', maxlength: '9', autocomplete: 'off', 'data-testid': 'request-search-ticket' });
  const openButton = label(h('button', { type: 'submit', className: 'st-btn st-btn--small', 'data-testid': 'request-search-open' }), 'open');
  const form = h('form', { className: 'st-request-search', 'data-testid': 'request-search', novalidate: true },
    h('span', { className: 'st-field' }, label(h('label', { for: ticketInput.id }), 'ticket'), ticketInput), openButton);
  const errorEl = h('p', { className: 'st-section-error', role: 'alert', 'data-testid': 'request-card-error', hidden: true });
  const newsEl = h('p', { className: 'st-muted', role: 'status', 'data-testid': 'request-card-news' });
  const facts = h('dl', { className: 'st-facts', 'data-testid': 'request-card-facts' });
  const lists = h('div', { 'data-testid': 'request-card-lists' });
  const moveSelect = h('select', { id: 'st-req-move', 'data-testid': 'request-card-status' });
  const moveButton = label(h('button', { type: 'button', className: 'st-btn st-btn--small', 'data-testid': 'request-card-move' }), 'move');
  const textInput = h('textarea', { id: 'st-req-text', rows: '3', maxlength: '4000', 'data-testid': 'request-card-text' });
  const answerButton = label(h('button', { type: 'button', className: 'st-btn st-btn--small', 'data-testid': 'request-card-answer' }), 'answer');
  const filesInput = fileInput(h);
  const attachButton = label(h('button', { type: 'button', className: 'st-btn st-btn--small st-btn--ghost', 'data-testid': 'request-card-attach' }), 'attach');
  const noteButton = label(h('button', { type: 'button', className: 'st-btn st-btn--small st-btn--ghost', 'data-testid': 'request-card-note' }), 'note');
  const actions = h('div', { className: 'st-request-actions' },
    h('span', { className: 'st-field st-field--inline' }, label(h('label', { for: moveSelect.id }), 'moveTo'), moveSelect, moveButton),
    h('span', { className: 'st-field' }, label(h('label', { for: textInput.id }), 'text'), textInput),
    h('span', { className: 'st-field' }, label(h('label', { for: filesInput.id }), 'attachFiles'), filesInput), answerButton, attachButton, noteButton);
  const cardTitle = h('h3', { 'data-testid': 'request-card-ticket', tabindex: '-1' });
  const linkButton = label(h('button', { type: 'button', className: 'st-btn st-btn--small st-btn--ghost', 'data-testid': 'request-card-link' }), 'link');
  const cardEl = h('div', { className: 'st-request-card', 'data-testid': 'request-card', hidden: true }, cardTitle, facts, linkButton, lists, actions);
  const section = h('section', { 'aria-labelledby': 'st-request-title', 'data-testid': 'console-requests' },
    label(h('h2', { id: 'st-request-title' }), 'title'), form, errorEl, newsEl, cardEl);

  async function call(method, ...args) {
    problem = '';
    try { card = await invoke(method, ...args); return true; } catch (err) { problem = hubErrorText(err); return false; } finally { render(); }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const ticket = ticketInput.value.replace(/\s+/g, '');
    if (!TICKET_RE.test(ticket)) { card = null; problem = tr('badTicket'); render(); return; }
    card = null;
    news = '';
    if (await call('GetRequest', ticket)) cardTitle.focus();
  });
  const doFetch = (...a) => (fetchFn ? fetchFn(...a) : section.ownerDocument.defaultView.fetch(...a));

  /** Uploads the chosen files (before the answer that mentions them); false, with the reason shown, at the first refusal. */
  async function uploadChosen() {
    const chosen = Array.from(filesInput.files || []);
    if (!chosen.length) return true;
    const token = shell.token ? await shell.token() : '';
    for (const file of chosen) {
      const r = await uploadCardFile(doFetch, token, card.ticket, file);
      if (!r.attachment) {
        problem = r.refused ? tr('fileRefused', { name: file.name }) : tr('fileFailed', { name: file.name, error: r.error });
        render();
        return false;
      }
    }
    filesInput.value = '';
    return true;
  }

  moveButton.addEventListener('click', () => card && call('SetRequestStatus', card.ticket, moveSelect.value));
  linkButton.addEventListener('click', async () => {
    const sessionId = activeSession();
    if (!card) return;
    if (!sessionId) { problem = tr('noChat'); render(); return; }
    const ticket = card.ticket;
    if (await call('LinkRequest', sessionId, ticket)) { news = tr('linked', { ticket }); render(); }
  });
  answerButton.addEventListener('click', async () => {
    if (!card || !await uploadChosen()) return;
    if (await call('AddRequestAnswer', card.ticket, textInput.value)) textInput.value = '';
  });
  attachButton.addEventListener('click', async () => { if (card && await uploadChosen()) await call('GetRequest', card.ticket); });
  noteButton.addEventListener('click', async () => { if (card && await call('AddRequestNote', card.ticket, textInput.value)) textInput.value = ''; });

  function entries(titleKey, items, testid) {
    const list = h('ol', { className: 'st-entries', 'data-testid': testid });
    if (!items.length) list.appendChild(h('li', { className: 'st-muted' }, tr('empty')));
    for (const e of items) {
      list.appendChild(h('li', null, h('span', { className: 'st-muted' }, `${formatLocalDateTime(e.at, lang())} · ${String(e.by ?? '')}`),
        h('p', null, String(e.text ?? ''))));
    }
    return h('section', null, h('h4', null, tr(titleKey)), list);
  }

  function render() {
    for (const [el, key] of labels) setText(el, tr(key));
    setText(errorEl, problem);
    errorEl.hidden = !problem;
    setText(newsEl, news);
    newsEl.hidden = !news;
    const keep = moveSelect.value;
    clear(moveSelect);
    for (const s of MOVES) moveSelect.appendChild(h('option', { value: s }, tr(s)));
    if (keep) moveSelect.value = keep;
    cardEl.hidden = !card;
    if (!card) return;
    setText(cardTitle, `№ ${card.ticket}`);
    clear(facts);
    const fact = (key, value, testid) => { facts.appendChild(h('dt', null, tr(key))); facts.appendChild(h('dd', { 'data-testid': testid }, value)); };
    fact('kind', tr(String(card.kind)), 'request-card-kind');
    fact('queue', String(card.queue), 'request-card-queue');
    fact('status', tr(String(card.status)), 'request-card-state');
    fact('due', card.dueAt ? formatLocalDateTime(card.dueAt, lang()) : '—', 'request-card-due');
    fact('assignee', card.assigneeId ? String(card.assigneeId) : tr('nobody'), 'request-card-assignee');
    fact('sessions', String((card.sessionIds || []).length), 'request-card-sessions');
    clear(lists);
    const history = (card.history || []).map((c) => ({ at: c.at, by: c.by, text: tr(String(c.status)) }));
    lists.appendChild(entries('history', history, 'request-card-history'));
    lists.appendChild(entries('replies', card.replies || [], 'request-card-replies'));
    lists.appendChild(entries('answers', card.answers || [], 'request-card-answers'));
    lists.appendChild(entries('notes', card.notes || [], 'request-card-notes'));
    const fileList = h('ul', { className: 'st-entries', 'data-testid': 'request-card-file-list' });
    const attachments = card.attachments || [];
    if (!attachments.length) fileList.appendChild(h('li', { className: 'st-muted' }, tr('empty')));
    renderCardFiles({ h, list: fileList, attachments, lang: lang(), fromText: (f) => tr(f === 'operator' ? 'fromOperator' : 'fromCitizen'),
      onDownload: async (a) => {
        const ok = await downloadCardFile(doFetch, shell.token ? await shell.token() : '', card.ticket, a, section.ownerDocument);
        if (!ok) { problem = tr('downloadFailed'); render(); }
      } });
    lists.appendChild(h('section', null, h('h4', null, tr('files')), fileList));
    const final = card.status === 'resolved' || card.status === 'declined';
    actions.hidden = final;
  }

  render();
  return {
    section,
    render,
    /** Opens the card of `ticket` (a chat the citizen started for that request was accepted). */
    async show(ticket) {
      if (!TICKET_RE.test(String(ticket))) return;
      ticketInput.value = ticket;
      news = tr('chatFor', { ticket });
      await call('GetRequest', ticket);
    },
    /** The operator hub's RequestReplied: say so, and re-read the card when it is the one open. */
    async replied(e) {
      if (!e || !TICKET_RE.test(String(e.ticket))) return;
      news = tr('replied', { ticket: e.ticket });
      if (card && card.ticket === e.ticket) await call('GetRequest', e.ticket); else render();
    },
  };
}
