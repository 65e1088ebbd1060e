import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { makeH } from '../src/shared/dom.js';
import { requestListQuery, renderRequestList, mountRequestList } from '../src/supervisor/request-list.js';
import { flush } from './support.js';

const LIST = {
  requests: [
    { ticket: '200000001', kind: 'complaint', queue: '103', status: 'received', deadlineClass: 'form', dueAt: '2026-11-27T07:00:00Z', assigneeId: '', overdue: true },
    { ticket: '300000002', kind: 'question', queue: '101', status: 'waitingForCitizen', deadlineClass: 'standard', dueAt: '2026-12-02T07:00:00Z', assigneeId: 'op101', overdue: false },
  ],
  matching: 2,
  counts: { received: 1, inProgress: 0, waitingForCitizen: 1, resolved: 3, declined: 0 },
  overdue: 1,
};

test('filters become the query of GET /api/requests', () => {
  assert.equal(requestListQuery({}), '');
  assert.equal(requestListQuery({ status: 'received', queue: '103', overdue: true }), '?status=received&queue=103&overdue=true');
  assert.equal(requestListQuery({ queue: '101' }), '?queue=101');
});

test('rows flag overdue requests in words, counts are per status, and texts stay text', () => {
  const doc = new Window().document;
  const h = makeH(doc);
  const parts = { body: h('tbody'), counts: h('ul'), note: h('p') };
  renderRequestList(h, parts, { ...LIST, requests: [...LIST.requests, { ...LIST.requests[1], ticket: '<b>x</b>', overdue: false }] }, 'en');
  const rows = [...parts.body.querySelectorAll('tr')];
  assert.equal(rows.length, 3);
  assert.equal(rows[0].className, 'st-row--overdue');
  assert.equal(rows[0].querySelector('[data-testid="request-flag"]').textContent, 'overdue');
  assert.equal(rows[0].children[6].textContent, 'nobody');
  assert.equal(rows[1].querySelector('[data-testid="request-flag"]').textContent, '');
  assert.equal(rows[1].children[3].textContent, 'waiting for the citizen');
  assert.equal(rows[2].querySelector('b'), null);
  assert.deepEqual([...parts.counts.querySelectorAll('li')].map((li) => li.textContent),
    ['received: 1', 'in progress: 0', 'waiting for the citizen: 1', 'resolved: 3', 'declined: 0', 'overdue: 1']);
  renderRequestList(h, parts, { requests: [], matching: 0, counts: {}, overdue: 0 }, 'ru');
  assert.equal(parts.note.textContent, 'Обращений с такими фильтрами нет.');
});

test('the section loads with the chosen filters and shows an error when the server fails', async () => {
  const window = new Window();
  const h = makeH(window.document);
  const asked = [];
  let answer = { ok: true, data: LIST };
  const shell = { lang: 'en', auth: {}, api: { get: async (path) => { asked.push(path); return answer; } } };
  const list = mountRequestList({ h, win: window, shell, makeScroller: (hh, w, table) => hh('div', null, table) });
  window.document.body.appendChild(list.section);
  list.start();
  await flush();
  const $ = (id) => list.section.querySelector(`[data-testid="${id}"]`);
  assert.equal(asked[0], '/api/requests');
  assert.equal(list.section.querySelectorAll('[data-testid="request-row"]').length, 2);

  $('requests-queue').value = '103';
  $('requests-overdue').checked = true;
  $('requests-overdue').dispatchEvent(new window.Event('change'));
  await flush();
  assert.equal(asked.at(-1), '/api/requests?queue=103&overdue=true');

  answer = { ok: false, error: { key: 'errNetwork' } };
  $('requests-status').value = 'received';
  $('requests-status').dispatchEvent(new window.Event('change'));
  await flush();
  assert.equal(asked.at(-1), '/api/requests?status=received&queue=103&overdue=true');
  assert.equal($('requests-error').hidden, false);
  assert.equal($('requests-error').textContent, 'The requests could not be loaded.');
  list.stop();
});
