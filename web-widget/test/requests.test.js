import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { mountView } from '../src/widget/view.js';
import { initialState, reduce } from '../src/widget/state.js';
import { createRequestBook, lookupRequest, requestBookKey } from '../src/widget/requests.js';
import { memoryStorage, flush, jsonResponse } from './support.js';

const BASE = 'https://chat.example';

test('the book keeps this browser\'s requests, newest first, once each, and refuses what is not a ticket', () => {
  const storage = memoryStorage();
  const book = createRequestBook(storage, BASE);
  const seen = [];
  book.subscribe((list) => seen.push(list.length));
  book.add({ ticket: '212345678', accessCode: 'AAAABBBBCCCCDDDD', dueAt: '2026-12-01T16:00:00Z' });
  book.add({ ticket: '312345679', accessCode: 'EEEEFFFFGGGGHHHH' });
  book.add({ ticket: '212345678', accessCode: 'AAAABBBBCCCCDDDD' });
  book.add({ ticket: '<img>', accessCode: 'x' });
  assert.deepEqual(book.list().map((r) => r.ticket), ['212345678', '312345679']);
  assert.deepEqual(seen, [1, 2, 2]);
  assert.ok(storage.getItem(requestBookKey(BASE)).includes('AAAABBBBCCCCDDDD'));
  assert.deepEqual(createRequestBook(storage, 'https://other.example').list(), [], 'one book per server');
});

test('lookup sends the code in X-Access-Code and tells found, not found and failure apart', async () => {
  const calls = [];
  const fetchFn = async (url, init) => {
    calls.push([url, init.headers['X-Access-Code']]);
    if (url.endsWith('/212345678')) return jsonResponse(200, { ticket: '212345678', status: 'resolved', answers: [] });
    if (url.endsWith('/212345679')) return jsonResponse(404, { code: 'request_not_found' });
    return jsonResponse(500, {});
  };
  assert.equal((await lookupRequest(fetchFn, BASE, '212345678', 'CODE')).request.status, 'resolved');
  assert.deepEqual(await lookupRequest(fetchFn, BASE, '212345679', 'CODE'), { notFound: true });
  assert.deepEqual(await lookupRequest(fetchFn, BASE, '212345670', 'CODE'), { error: true });
  assert.deepEqual(calls[0], [`${BASE}/api/requests/212345678`, 'CODE']);
});

test('"My requests" lists the saved requests, opens one with its status, due time and answers, and says when one is not found', async () => {
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
  const fetchFn = async (url, init) => (url.endsWith('/212345678') && init.headers['X-Access-Code'] === 'AAAABBBBCCCCDDDD'
    ? jsonResponse(200, { ticket: '212345678', kind: 'complaint', status: 'inProgress', dueAt: '2026-12-01T16:00:00Z',
      answers: [{ at: '2026-11-30T09:00:00Z', text: 'Your <b>payment</b> was found.' }] })
    : jsonResponse(404, { code: 'request_not_found' }));
  const view = mountView({ doc: document, controller, css: '', serverBase: BASE, requestBook: book, fetchFn });
  document.body.appendChild(view.host);
  controller.open();
  const $ = (id) => view.root.querySelector(`[data-testid="${id}"]`);

  assert.equal($('goschat-requests').hidden, true);
  $('goschat-requests-toggle').click();
  assert.equal($('goschat-requests').hidden, false);
  assert.equal($('goschat-body').hidden, true, 'the chat gives way');
  assert.equal($('goschat-requests-toggle').textContent, 'Back to chat');

  book.add({ ticket: '212345678', accessCode: 'AAAABBBBCCCCDDDD' });
  const item = $('goschat-request-item');
  assert.equal(item.textContent, 'No. 212345678 · code AAAABBBBCCCCDDDD');
  item.click();
  await flush();
  assert.equal($('goschat-request-detail').hidden, false);
  assert.equal($('goschat-request-status').textContent, 'Status: in progress');
  assert.match($('goschat-request-due').textContent, /^Answer due: /);
  const answer = $('goschat-request-answer');
  assert.equal(answer.querySelector('p').textContent, 'Your <b>payment</b> was found.', 'text, never markup');
  assert.equal(answer.querySelector('b'), null);

  $('goschat-request-ticket').value = '212345678';
  $('goschat-request-code').value = 'WRONGWRONGWRONG1';
  $('goschat-request-form').dispatchEvent(new window.Event('submit', { cancelable: true }));
  await flush();
  assert.equal($('goschat-request-error').textContent, 'Request not found: check the number and the access code.');
  assert.equal($('goschat-request-detail').hidden, true);

  $('goschat-requests-toggle').click();
  assert.equal($('goschat-requests').hidden, true);
  assert.equal($('goschat-body').hidden, false);
});

test('a request waiting on the citizen shows a reply form; the reply is posted with the code and shown, the form goes', async () => {
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
  const posted = [];
  const card = { ticket: '312345678', kind: 'question', status: 'waitingForCitizen', dueAt: '2026-12-01T16:00:00Z',
    answers: [{ at: '2026-11-30T09:00:00Z', text: 'Send the receipt number.' }], replies: [] };
  const fetchFn = async (url, init) => {
    if (init.headers['X-Access-Code'] !== 'AAAABBBBCCCCDDDD') return jsonResponse(404, { code: 'request_not_found' });
    if (init.method === 'POST') {
      posted.push([url, JSON.parse(init.body).text]);
      return jsonResponse(200, { ...card, status: 'inProgress', replies: [{ at: '2026-11-30T10:00:00Z', text: 'Receipt <i>4417</i>' }] });
    }
    return jsonResponse(200, card);
  };
  const book = createRequestBook(memoryStorage(), BASE);
  book.add({ ticket: '312345678', accessCode: 'AAAABBBBCCCCDDDD' });
  const view = mountView({ doc: document, controller, css: '', serverBase: BASE, requestBook: book, fetchFn });
  document.body.appendChild(view.host);
  controller.open();
  const $ = (id) => view.root.querySelector(`[data-testid="${id}"]`);
  $('goschat-requests-toggle').click();
  $('goschat-request-item').click();
  await flush();

  assert.equal($('goschat-request-status').textContent, 'Status: waiting for your reply');
  assert.equal($('goschat-request-reply-form').hidden, false);
  assert.equal($('goschat-request-replies').hidden, true, 'no replies yet');

  $('goschat-request-reply-form').dispatchEvent(new window.Event('submit', { cancelable: true }));
  await flush();
  assert.equal(posted.length, 0, 'an empty reply is not sent');
  assert.equal($('goschat-request-reply-note').textContent, 'Write a reply.');

  $('goschat-request-reply-text').value = '  Receipt <i>4417</i> ';
  $('goschat-request-reply-form').dispatchEvent(new window.Event('submit', { cancelable: true }));
  await flush();
  assert.deepEqual(posted, [[`${BASE}/api/requests/312345678/replies`, 'Receipt <i>4417</i>']]);
  assert.equal($('goschat-request-status').textContent, 'Status: in progress');
  assert.equal($('goschat-request-reply').querySelector('p').textContent, 'Receipt <i>4417</i>', 'text, never markup');
  assert.equal($('goschat-request-reply').querySelector('i'), null);
  assert.equal($('goschat-request-reply-form').hidden, true, 'it no longer waits');
  assert.equal($('goschat-request-reply-note').textContent, 'Reply sent; the request is in progress again.');
});
