import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { mountView } from '../src/widget/view.js';
import { initialState, reduce } from '../src/widget/state.js';
import { createRequestBook } from '../src/widget/requests.js';
import { uploadRequestFile, uploadRequestFiles, downloadRequestFile } from '../src/widget/request-files.js';
import { memoryStorage, flush, jsonResponse } from './support.js';

const BASE = 'https://chat.example';
const CODE = 'AAAABBBBCCCCDDDD';
const pdf = (name = 'receipt.pdf', size = 20) => new File([new Uint8Array(size).fill(37)], name, { type: 'application/pdf' });

function mountWidget(fetchFn) {
  const window = new Window({ url: 'https://site.example/' });
  const document = window.document;
  let state = initialState({ uiLang: 'en' });
  const listeners = [];
  const controller = {
    get state() { return state; }, subscribe: (fn) => listeners.push(fn),
    dispatch: (a) => { state = reduce(state, a); listeners.forEach((l) => l(state)); },
    open() { this.dispatch({ type: 'open' }); }, close() { this.dispatch({ type: 'close' }); },
    setLanguage(l) { this.dispatch({ type: 'language', lang: l }); },
  };
  const book = createRequestBook(memoryStorage(), BASE);
  const view = mountView({ doc: document, controller, css: '', serverBase: BASE, requestBook: book, fetchFn });
  document.body.appendChild(view.host);
  controller.open();
  const $ = (id) => view.root.querySelector(`[data-testid="${id}"]`);
  const choose = (testid, files) => {
    const input = $(testid);
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new window.Event('change'));
  };
  return { window, document, controller, book, $, choose };
}

test('a file goes up as multipart with the code in the header; the server\'s refusals are told apart', async () => {
  const calls = [];
  const answers = [
    jsonResponse(201, { id: '212345678.ab', name: 'receipt.pdf', size: 20, type: 'application/pdf', from: 'citizen', at: '2026-11-30T10:00:00Z' }),
    jsonResponse(404, { code: 'request_not_found' }),
    jsonResponse(415, { code: 'file_type_mismatch' }),
    jsonResponse(409, { code: 'too_many_files' }),
    jsonResponse(409, { code: 'request_closed' }),
    jsonResponse(500, {}),
  ];
  const fetchFn = async (url, init) => { calls.push([url, init]); return answers.shift(); };

  const ok = await uploadRequestFile(fetchFn, BASE, '212345678', CODE, pdf());
  assert.equal(ok.attachment.id, '212345678.ab');
  assert.equal(calls[0][0], `${BASE}/api/requests/212345678/attachments`);
  assert.equal(calls[0][1].method, 'POST');
  assert.equal(calls[0][1].headers['X-Access-Code'], CODE);
  assert.equal(calls[0][1].credentials, 'omit');
  assert.equal(calls[0][1].body.get('file').name, 'receipt.pdf');
  assert.deepEqual(await uploadRequestFile(fetchFn, BASE, '212345678', CODE, pdf()), { notFound: true });
  assert.deepEqual(await uploadRequestFile(fetchFn, BASE, '212345678', CODE, pdf()), { refused: 'type' });
  assert.deepEqual(await uploadRequestFile(fetchFn, BASE, '212345678', CODE, pdf()), { refused: 'tooMany' });
  assert.deepEqual(await uploadRequestFile(fetchFn, BASE, '212345678', CODE, pdf()), { refused: 'closed' });
  assert.deepEqual(await uploadRequestFile(fetchFn, BASE, '212345678', CODE, pdf()), { error: true });
});

test('files the widget can tell are wrong are never sent', async () => {
  const calls = [];
  const fetchFn = async (url) => { calls.push(url); return jsonResponse(201, {}); };
  assert.deepEqual(await uploadRequestFile(fetchFn, BASE, '212345678', CODE, new File(['MZ'], 'run.exe')), { refused: 'type' });
  assert.deepEqual(await uploadRequestFile(fetchFn, BASE, '212345678', CODE, pdf('big.pdf', 5 * 1024 * 1024 + 1)), { refused: 'size' });
  const many = await uploadRequestFiles(fetchFn, BASE, '212345678', CODE, [new File([''], 'empty.pdf', { type: 'application/pdf' }), pdf()]);
  assert.deepEqual(many, { uploaded: [], failed: { name: 'empty.pdf', outcome: { refused: 'empty' } } }, 'stops at the first');
  assert.equal(calls.length, 0);
});

test('a download fetches with the code in the header and hands the bytes to the browser under the file\'s name', async () => {
  const window = new Window({ url: 'https://site.example/' });
  const document = window.document;
  const seen = [];
  window.URL.createObjectURL = () => 'blob:x';
  window.URL.revokeObjectURL = () => {};
  const clicked = [];
  window.HTMLAnchorElement.prototype.click = function click() { clicked.push([this.download, this.href]); };
  const fetchFn = async (url, init) => { seen.push([url, init.headers['X-Access-Code']]); return new Response(new Uint8Array([1, 2]), { status: 200 }); };

  const ok = await downloadRequestFile(fetchFn, BASE, '212345678', CODE, { id: '212345678.cd', name: 'справка.png' }, document);

  assert.equal(ok, true);
  assert.deepEqual(seen, [[`${BASE}/api/requests/212345678/attachments/212345678.cd`, CODE]]);
  assert.deepEqual(clicked, [['справка.png', 'blob:x']]);
  const failed = await downloadRequestFile(async () => jsonResponse(404, {}), BASE, '212345678', CODE, { id: 'x', name: 'y' }, document);
  assert.equal(failed, false);
});

test('"My requests" lists the card\'s files by who sent them, and a reply sends the chosen files first, then the text', async () => {
  const order = [];
  const card = { ticket: '312345678', kind: 'question', status: 'waitingForCitizen', dueAt: '2026-12-01T16:00:00Z', answers: [], replies: [],
    attachments: [{ id: '312345678.op', name: 'form <b>1</b>.pdf', size: 2048, type: 'application/pdf', from: 'operator', at: '2026-11-30T09:00:00Z' }] };
  const fetchFn = async (url, init) => {
    if (init.headers['X-Access-Code'] !== CODE) return jsonResponse(404, { code: 'request_not_found' });
    if (url.endsWith('/attachments')) {
      order.push(['file', init.body.get('file').name]);
      return jsonResponse(201, { id: '312345678.me', name: 'receipt.pdf', size: 20, type: 'application/pdf', from: 'citizen', at: '2026-11-30T10:00:00Z' });
    }
    if (url.endsWith('/replies')) {
      order.push(['reply', JSON.parse(init.body).text]);
      return jsonResponse(200, { ...card, status: 'inProgress', replies: [{ at: '2026-11-30T10:00:00Z', text: 'Here it is' }],
        attachments: [...card.attachments, { id: '312345678.me', name: 'receipt.pdf', size: 20, type: 'application/pdf', from: 'citizen', at: '2026-11-30T10:00:00Z' }] });
    }
    return jsonResponse(200, card);
  };
  const { window, book, $, choose } = mountWidget(fetchFn);
  book.add({ ticket: '312345678', accessCode: CODE });
  $('goschat-requests-toggle').click();
  $('goschat-request-item').click();
  await flush();

  const files = () => [...$('goschat-request-files').querySelectorAll('[data-testid="goschat-request-file"]')];
  assert.deepEqual(files().map((b) => [b.textContent, b.dataset.from]), [['form <b>1</b>.pdf · 2 KB · from the operator', 'operator']]);
  assert.equal(files()[0].querySelector('b'), null, 'names are text, never markup');

  choose('goschat-request-reply-files', [pdf()]);
  assert.match($('goschat-request-reply-files-chosen').textContent, /receipt\.pdf · 20 B/);
  $('goschat-request-reply-text').value = 'Here it is';
  $('goschat-request-reply-form').dispatchEvent(new window.Event('submit', { cancelable: true }));
  await flush();
  await flush();

  assert.deepEqual(order, [['file', 'receipt.pdf'], ['reply', 'Here it is']]);
  assert.deepEqual(files().map((b) => b.dataset.from), ['operator', 'citizen']);
  assert.equal($('goschat-request-reply-files-chosen').textContent, '', 'the picker is emptied');
});

test('a refused file stops the reply and says why', async () => {
  const posted = [];
  const card = { ticket: '312345678', kind: 'question', status: 'waitingForCitizen', dueAt: '2026-12-01T16:00:00Z', answers: [], replies: [] };
  const fetchFn = async (url, init) => {
    if (init.method === 'POST') posted.push(url);
    return jsonResponse(200, card);
  };
  const { window, book, $, choose } = mountWidget(fetchFn);
  book.add({ ticket: '312345678', accessCode: CODE });
  $('goschat-requests-toggle').click();
  $('goschat-request-item').click();
  await flush();
  choose('goschat-request-reply-files', [new File(['MZ'], 'setup.exe')]);
  $('goschat-request-reply-text').value = 'Here it is';
  $('goschat-request-reply-form').dispatchEvent(new window.Event('submit', { cancelable: true }));
  await flush();

  assert.deepEqual(posted, []);
  assert.equal($('goschat-request-reply-note').textContent, 'The file "setup.exe" cannot be attached: only PDF, JPG or PNG up to 5 MB.');
});

test('the written-request form files the request, then attaches the chosen files with the new ticket and code', async () => {
  const calls = [];
  const fetchFn = async (url, init) => {
    calls.push([url, init.headers['X-Access-Code'] || null]);
    if (url === `${BASE}/api/requests`) return jsonResponse(201, { ticket: '212345678', accessCode: CODE, status: 'received', dueAt: '2026-12-04T17:00:00Z' });
    if (url.endsWith('/attachments')) return jsonResponse(201, { id: '212345678.ab' });
    return jsonResponse(200, { ok: true });
  };
  const { controller, $, choose } = mountWidget(fetchFn);
  controller.dispatch({ type: 'status', status: { now: '2026-11-30T18:00:00Z', timeZone: 'Europe/Moscow',
    queues: ['101', '102', '103', '104'].map((id) => ({ id, state: 'unavailable', open: false, nextChange: '2026-12-01T05:00:00Z', waiting: 0 })) } });
  $('goschat-text').value = 'Charged twice';
  $('goschat-written-email').value = 'anna@example.org';
  choose('goschat-written-files', [pdf('a.pdf'), pdf('b.pdf')]);
  $('goschat-written-send').click();
  await flush();
  await flush();

  assert.deepEqual(calls.filter(([u]) => u.startsWith(`${BASE}/api/requests`)), [
    [`${BASE}/api/requests`, null],
    [`${BASE}/api/requests/212345678/attachments`, CODE],
    [`${BASE}/api/requests/212345678/attachments`, CODE],
  ]);
  assert.match($('goschat-written-outcome').textContent, /^Request No\. 212345678 received/);
  assert.equal($('goschat-written-files-note').hidden, true);
});
