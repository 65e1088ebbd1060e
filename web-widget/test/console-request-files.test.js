import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { makeH } from '../src/shared/dom.js';
import { mountRequestCard } from '../src/console/request-card.js';
import { flush, jsonResponse } from './support.js';

const FILE = { id: '200000042.aa', name: 'receipt <b>4417</b>.pdf', size: 2048, type: 'application/pdf', from: 'citizen', at: '2026-11-30T08:00:00Z' };
const CARD = {
  ticket: '200000042', kind: 'complaint', queue: '103', status: 'inProgress', deadlineClass: 'standard',
  openedAt: '2026-11-30T07:00:00Z', dueAt: '2026-12-01T16:00:00Z', assigneeId: 'op103', sessionIds: ['s1'],
  history: [], notes: [], answers: [], replies: [], attachments: [FILE],
};

function mount(invoke, fetchFn) {
  const window = new Window();
  const h = makeH(window.document);
  const shell = { lang: 'en', token: async () => 'TOKEN' };
  const card = mountRequestCard({ h, shell, invoke, fetchFn });
  window.document.body.appendChild(card.section);
  const $ = (id) => card.section.querySelector(`[data-testid="${id}"]`);
  const open = async () => {
    $('request-search-ticket').value = '200000042';
    $('request-search').dispatchEvent(new window.Event('submit', { cancelable: true }));
    await flush();
  };
  const choose = (files) => Object.defineProperty($('request-card-files'), 'files', { value: files, configurable: true });
  return { window, card, $, open, choose };
}

test('the card lists its files by who sent them, as text, and downloads one with the operator\'s token', async () => {
  const fetched = [];
  const { window, $, open } = mount(async () => CARD, async (url, init) => {
    fetched.push([url, init.headers.Authorization]);
    return new Response(new Uint8Array([1]), { status: 200 });
  });
  window.URL.createObjectURL = () => 'blob:x';
  window.URL.revokeObjectURL = () => {};
  const clicked = [];
  window.HTMLAnchorElement.prototype.click = function click() { clicked.push(this.download); };
  await open();

  const item = $('request-card-file');
  assert.equal(item.textContent, 'receipt <b>4417</b>.pdf · 2 KB · citizen');
  assert.equal(item.querySelector('b'), null);
  item.click();
  await flush();
  assert.deepEqual(fetched, [['/api/requests/200000042/attachments/200000042.aa', 'Bearer TOKEN']]);
  assert.deepEqual(clicked, ['receipt <b>4417</b>.pdf']);
});

test('answering with files chosen uploads them first, then answers; a refused file stops the answer', async () => {
  const order = [];
  const withMine = { ...CARD, attachments: [FILE, { ...FILE, id: '200000042.bb', name: 'reply.png', from: 'operator' }] };
  const { $, open, choose } = mount(async (method, ...args) => { order.push([method, ...args]); return method === 'GetRequest' && order.length === 1 ? CARD : withMine; },
    async (url, init) => {
      order.push(['upload', url, init.headers.Authorization, init.body.get('file').name]);
      return jsonResponse(201, { id: '200000042.bb' });
    });
  await open();

  choose([new File(['MZ'], 'setup.exe')]);
  $('request-card-text').value = 'See the form';
  $('request-card-answer').click();
  await flush();
  assert.equal(order.length, 1, 'nothing sent');
  assert.equal($('request-card-error').textContent, 'The file "setup.exe" cannot be attached: only PDF, JPG or PNG up to 5 MB.');

  choose([new File([new Uint8Array([137, 80, 78, 71])], 'reply.png', { type: 'image/png' })]);
  $('request-card-answer').click();
  await flush();
  await flush();
  assert.deepEqual(order.slice(1), [
    ['upload', '/api/requests/200000042/attachments', 'Bearer TOKEN', 'reply.png'],
    ['AddRequestAnswer', '200000042', 'See the form'],
  ]);
  assert.deepEqual([...$('request-card-file-list').querySelectorAll('[data-testid="request-card-file"]')].map((b) => b.dataset.from), ['citizen', 'operator']);
});

test('"Link the open chat" links the workspace\'s chat to the card; without an open chat it says so and sends nothing', async () => {
  const calls = [];
  let active = null;
  const window = new Window();
  const h = makeH(window.document);
  const card = mountRequestCard({ h, shell: { lang: 'en' }, activeSession: () => active,
    invoke: async (method, ...args) => { calls.push([method, ...args]); return method === 'LinkRequest' ? { ...CARD, sessionIds: ['s1', 's2'] } : CARD; } });
  window.document.body.appendChild(card.section);
  const $ = (id) => card.section.querySelector(`[data-testid="${id}"]`);

  await card.show('200000042');
  assert.deepEqual(calls, [['GetRequest', '200000042']]);
  assert.equal($('request-card-news').textContent, 'The citizen writes about request 200000042.');
  assert.equal($('request-card-sessions').textContent, '1');

  $('request-card-link').click();
  await flush();
  assert.equal(calls.length, 1);
  assert.equal($('request-card-error').textContent, 'Open the chat to link to the request first.');

  active = 's2';
  $('request-card-link').click();
  await flush();
  assert.deepEqual(calls[1], ['LinkRequest', 's2', '200000042']);
  assert.equal($('request-card-sessions').textContent, '2');
  assert.equal($('request-card-news').textContent, 'The chat is linked to request 200000042.');
});
