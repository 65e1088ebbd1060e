import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { createController } from '../src/widget/controller.js';
import { createPersist } from '../src/widget/persist.js';
import { mountView } from '../src/widget/view.js';
import { createRequestBook } from '../src/widget/requests.js';
import { FakeHub, manualTimers, memoryStorage, flush, jsonResponse } from './support.js';

const BASE = 'https://help.example';
const CODE = 'AAAABBBBCCCCDDDD';
const WAITING = { ticket: '212345678', kind: 'complaint', status: 'waitingForCitizen', queue: '103', dueAt: '2026-12-01T16:00:00Z',
  answers: [{ at: '2026-11-30T09:00:00Z', text: 'Send the receipt number.' }], replies: [], attachments: [] };
const STARTED = { sessionId: 's2', resumeToken: 'tok-2', ticket: '312345679', queue: '103', state: 'queued', position: 1, estimatedWaitSeconds: 30 };

function setup(card) {
  const window = new Window({ url: 'https://site.example/' });
  const document = window.document;
  const hub = new FakeHub();
  const storage = memoryStorage();
  const fetchFn = async (url) => (url.includes('/api/requests/')
    ? jsonResponse(200, card)
    : jsonResponse(200, { now: '2026-11-30T09:00:00Z', timeZone: 'Europe/Moscow', queues: [] }));
  const controller = createController({ serverBase: BASE, hub, fetchFn, persist: createPersist(storage, BASE), timers: manualTimers(),
    now: () => 1_000_000, uiLang: 'en', idFactory: () => 'cid-1' });
  const book = createRequestBook(storage, BASE);
  book.add({ ticket: card.ticket, accessCode: CODE });
  const view = mountView({ doc: document, controller, css: '', serverBase: BASE, requestBook: book, fetchFn });
  document.body.appendChild(view.host);
  controller.open();
  const $ = (id) => view.root.querySelector(`[data-testid="${id}"]`);
  return { hub, controller, $ };
}

test('"Reply in chat" on a request waiting on the citizen starts a chat in its queue carrying the ticket and code', async () => {
  const { hub, controller, $ } = setup(WAITING);
  hub.responders.StartSession = () => STARTED;
  $('goschat-requests-toggle').click();
  $('goschat-request-item').click();
  await flush();

  assert.equal($('goschat-request-chat').hidden, false);
  assert.equal($('goschat-request-chat').textContent, 'Reply in chat');
  $('goschat-request-chat').click();
  await flush();
  await flush();

  const [, request] = hub.calls.find((c) => c[0] === 'StartSession');
  assert.deepEqual(request, { topic: '103', text: 'About request No. 212345678', language: 'en',
    continueRequest: { ticket: '212345678', accessCode: CODE } });
  assert.equal(controller.state.phase, 'queued');
  assert.equal($('goschat-requests').hidden, true, 'My requests gives way to the chat');
  assert.equal($('goschat-body').hidden, false);
});

test('"Reply in chat" is offered only while the request waits, and not while another chat goes on', async () => {
  const other = setup({ ...WAITING, status: 'inProgress' });
  other.$('goschat-requests-toggle').click();
  other.$('goschat-request-item').click();
  await flush();
  assert.equal(other.$('goschat-request-chat').hidden, true);

  const { hub, controller, $ } = setup(WAITING);
  hub.responders.StartSession = () => STARTED;
  await controller.startSession({ topic: '101', text: 'another question', language: 'en' });
  const before = hub.calls.length;
  $('goschat-requests-toggle').click();
  $('goschat-request-item').click();
  await flush();
  $('goschat-request-chat').click();
  await flush();
  assert.equal(hub.calls.filter((c) => c[0] === 'StartSession').length, 1, 'no second chat');
  assert.equal(hub.calls.length, before);
  assert.equal($('goschat-request-reply-note').textContent, 'Finish the current chat first, then reply in chat.');
});

test('a refused code ends the start with the server\'s reason and nothing else', async () => {
  const { hub, controller, $ } = setup(WAITING);
  hub.responders.StartSession = () => { throw new Error("An unexpected error occurred invoking 'StartSession' on the server. HubException: request_not_found: No request with this ticket and access code is known."); };
  $('goschat-requests-toggle').click();
  $('goschat-request-item').click();
  await flush();
  $('goschat-request-chat').click();
  await flush();
  await flush();
  assert.equal(controller.state.phase, 'prechat', 'back to the form: no chat was created');
  assert.match(controller.state.error.text, /^request_not_found: No request with this ticket and access code is known\./);
});
