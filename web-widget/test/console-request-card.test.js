import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { makeH } from '../src/shared/dom.js';
import { mountRequestCard } from '../src/console/request-card.js';
import { flush } from './support.js';

const CARD = {
  ticket: '200000042', kind: 'complaint', queue: '103', status: 'waitingForCitizen', deadlineClass: 'standard',
  openedAt: '2026-11-30T07:00:00Z', dueAt: '2026-12-01T16:00:00Z', assigneeId: 'op103', sessionIds: ['s1'],
  history: [{ status: 'received', by: 'op103', at: '2026-11-30T07:00:00Z' }, { status: 'waitingForCitizen', by: 'op103', at: '2026-11-30T07:05:00Z' }],
  notes: [{ at: '2026-11-30T07:01:00Z', by: 'op103', text: 'check with the bank' }],
  answers: [{ at: '2026-11-30T07:05:00Z', by: 'op103', text: 'Send the receipt' }],
  replies: [{ at: '2026-11-30T08:00:00Z', by: 'citizen', text: 'Receipt <i>4417</i>' }],
};

function mount(invoke) {
  const window = new Window();
  const h = makeH(window.document);
  const shell = { lang: 'en' };
  const card = mountRequestCard({ h, shell, invoke });
  window.document.body.appendChild(card.section);
  const $ = (id) => card.section.querySelector(`[data-testid="${id}"]`);
  const submit = () => $('request-search').dispatchEvent(new window.Event('submit', { cancelable: true }));
  return { card, $, submit };
}

test('a ticket opens the card: facts, history, replies, answers and notes, texts as text', async () => {
  const calls = [];
  const { $, submit } = mount(async (method, ...args) => { calls.push([method, ...args]); return CARD; });
  $('request-search-ticket').value = '2000 00042';
  submit();
  await flush();
  assert.deepEqual(calls, [['GetRequest', '200000042']]);
  assert.equal($('request-card').hidden, false);
  assert.equal($('request-card-ticket').textContent, '№ 200000042');
  assert.equal($('request-card-kind').textContent, 'complaint');
  assert.equal($('request-card-state').textContent, 'waiting for the citizen');
  assert.equal($('request-card-history').querySelectorAll('li').length, 2);
  assert.match($('request-card-replies').textContent, /Receipt <i>4417<\/i>/);
  assert.equal($('request-card-replies').querySelector('i'), null);
  assert.match($('request-card-notes').textContent, /check with the bank/);
});

test('a malformed ticket is not sent; a server error is shown; the card is continued by status, answer and note', async () => {
  const calls = [];
  let fail = false;
  const { $, submit } = mount(async (method, ...args) => {
    calls.push([method, ...args]);
    if (fail) throw new Error("An unexpected error occurred invoking 'GetRequest' on the server. HubException: request_not_found: No request with this ticket is known.");
    return method === 'SetRequestStatus' ? { ...CARD, status: args[1] } : CARD;
  });
  $('request-search-ticket').value = '12';
  submit();
  await flush();
  assert.equal(calls.length, 0);
  assert.equal($('request-card-error').textContent, 'A ticket is 9 digits, the first 1, 2 or 3.');

  fail = true;
  $('request-search-ticket').value = '399999999';
  submit();
  await flush();
  assert.equal($('request-card-error').textContent, 'request_not_found: No request with this ticket is known.');
  assert.equal($('request-card').hidden, true);

  fail = false;
  $('request-search-ticket').value = '200000042';
  submit();
  await flush();
  $('request-card-status').value = 'inProgress';
  $('request-card-move').click();
  await flush();
  assert.deepEqual(calls.at(-1), ['SetRequestStatus', '200000042', 'inProgress']);
  assert.equal($('request-card-state').textContent, 'in progress');
  $('request-card-text').value = 'Refund on its way';
  $('request-card-answer').click();
  await flush();
  assert.deepEqual(calls.at(-1), ['AddRequestAnswer', '200000042', 'Refund on its way']);
  assert.equal($('request-card-text').value, '');
  $('request-card-text').value = 'bank confirmed';
  $('request-card-note').click();
  await flush();
  assert.deepEqual(calls.at(-1), ['AddRequestNote', '200000042', 'bank confirmed']);
});

test('RequestReplied re-reads the open card and says so', async () => {
  const calls = [];
  const { card, $, submit } = mount(async (method, ...args) => { calls.push([method, ...args]); return CARD; });
  $('request-search-ticket').value = '200000042';
  submit();
  await flush();
  await card.replied({ ticket: '200000042', status: 'inProgress', at: '2026-11-30T08:00:00Z' });
  assert.equal(calls.length, 2);
  assert.equal($('request-card-news').textContent, 'The citizen replied to request 200000042.');
  await card.replied({ ticket: '300000001' });
  assert.equal(calls.length, 2, 'another ticket is only announced');
});
