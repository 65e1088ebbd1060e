import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { mountView } from '../src/widget/view.js';
import { initialState, reduce } from '../src/widget/state.js';
import { createRequestBook } from '../src/widget/requests.js';
import { fileWrittenRequest } from '../src/widget/written.js';
import { memoryStorage, flush, jsonResponse } from './support.js';

const BASE = 'https://chat.example';
const status = (state) => ({ now: '2026-11-30T18:00:00Z', timeZone: 'Europe/Moscow',
  queues: ['101', '102', '103', '104'].map((id) => ({ id, state, open: state !== 'unavailable', nextChange: '2026-12-01T05:00:00Z', waiting: 0 })) });

function mount(fetchFn) {
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
  return { controller, book, $ };
}

test('the written-request offer shows only while the chosen queue is closed', () => {
  const { controller, $ } = mount(async () => jsonResponse(500, {}));
  controller.dispatch({ type: 'status', status: status('online') });
  assert.equal($('goschat-written').hidden, true);
  controller.dispatch({ type: 'status', status: status('unavailable') });
  assert.equal($('goschat-written').hidden, false);
  assert.match($('goschat-written-intro').textContent, /48 working hours/);
});

test('out of hours the form files a written request: ticket and code shown and kept in My requests; bad input is not sent', async () => {
  const posted = [];
  const fetchFn = async (url, init) => {
    posted.push([url, JSON.parse(init.body)]);
    return jsonResponse(201, { ticket: '212345678', accessCode: 'AAAABBBBCCCCDDDD', status: 'received', dueAt: '2026-12-04T17:00:00Z' });
  };
  const { controller, book, $ } = mount(fetchFn);
  controller.dispatch({ type: 'status', status: status('unavailable') });

  $('goschat-written-send').click();
  await flush();
  assert.equal($('goschat-written-outcome').textContent, 'Describe your question in the message field.');
  $('goschat-text').value = 'Charged twice for the fee';
  $('goschat-written-send').click();
  await flush();
  assert.equal($('goschat-written-outcome').textContent, 'Give a phone or an e-mail so that we can answer.');
  $('goschat-written-email').value = 'not-an-address';
  $('goschat-written-send').click();
  await flush();
  assert.equal($('goschat-written-outcome').textContent, 'Check the e-mail address.');
  assert.equal(posted.length, 0);

  $('goschat-topic').value = '103';
  $('goschat-kind').value = 'complaint';
  $('goschat-written-email').value = 'anna@example.org';
  $('goschat-written-send').click();
  await flush();
  assert.equal(posted.length, 1);
  assert.equal(posted[0][0], `${BASE}/api/requests`);
  assert.deepEqual({ ...posted[0][1], language: undefined },
    { topic: '103', kind: 'complaint', text: 'Charged twice for the fee', language: undefined, name: null, phone: null, email: 'anna@example.org' });
  assert.match($('goschat-written-outcome').textContent, /^Request No\. 212345678 received\. Access code: AAAABBBBCCCCDDDD\. We will answer by .+\./);
  assert.deepEqual(book.list().map((r) => r.ticket), ['212345678']);
  assert.equal($('goschat-text').value, '');
});

test('the server\'s answers are told apart', async () => {
  const answers = [jsonResponse(400, { code: 'contact_required' }), jsonResponse(429, {}), jsonResponse(500, {})];
  const fetchFn = async () => answers.shift();
  assert.deepEqual(await fileWrittenRequest(fetchFn, BASE, {}), { problem: 'contact_required' });
  assert.deepEqual(await fileWrittenRequest(fetchFn, BASE, {}), { tooMany: true });
  assert.deepEqual(await fileWrittenRequest(fetchFn, BASE, {}), { error: true });
});
