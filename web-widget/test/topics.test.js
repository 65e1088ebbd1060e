import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { topicsOf, topicLabel, syncTopicOptions } from '../src/widget/topics.js';
import { createController } from '../src/widget/controller.js';
import { createPersist } from '../src/widget/persist.js';
import { t } from '../src/i18n.js';
import { FakeHub, manualTimers, memoryStorage, jsonResponse } from './support.js';

const BASE = 'http://127.0.0.1:5080';
const legal = { timeZone: 'Europe/Moscow', line: 'legal', queues: [{ id: '106', name: 'Юридические консультации', nameEn: 'Legal consultations', state: 'online' }] };

test('the picker offers the queues the status lists (a line\'s own), else the four departments', () => {
  assert.deepEqual(topicsOf(null), ['101', '102', '103', '104']);
  assert.deepEqual(topicsOf({ queues: [] }), ['101', '102', '103', '104']);
  assert.deepEqual(topicsOf(legal), ['106']);
  assert.deepEqual(topicsOf({ queues: [{ id: '102' }, { id: '103' }, { id: 'x<b>' }, null] }), ['102', '103']);
});

test('a topic is labelled by the widget\'s own text, else by the server\'s queue name in the language', () => {
  assert.equal(topicLabel('106', legal, 'ru', t), 'Юридическая консультация');
  assert.equal(topicLabel('101', null, 'en', t), 'Signing in and technical problems');
  const other = { queues: [{ id: '107', name: 'Горячая линия', nameEn: 'Hotline' }] };
  assert.equal(topicLabel('107', other, 'en', t), 'Hotline');
  assert.equal(topicLabel('107', other, 'ru', t), 'Горячая линия');
  assert.equal(topicLabel('108', other, 'ru', t), '108');
});

test('the select follows the line\'s topics, keeps the choice while offered and the "not sure" option last', () => {
  const { document } = new Window({ url: 'https://site.example/' });
  const select = document.createElement('select');
  for (const v of ['101', '102', '103', '104', '']) { const o = document.createElement('option'); o.value = v; select.appendChild(o); }
  select.value = '103';
  const make = (id) => { const o = document.createElement('option'); o.value = id; return o; };
  const label = (id) => topicLabel(id, legal, 'ru', t);

  syncTopicOptions(select, ['102', '103'], label, make);
  assert.deepEqual([...select.options].map((o) => o.value), ['102', '103', '']);
  assert.equal(select.value, '103');

  syncTopicOptions(select, ['106'], label, make);
  assert.deepEqual([...select.options].map((o) => o.value), ['106', '']);
  assert.equal(select.value, '106', 'the choice is gone: the line\'s first topic');
  assert.equal(select.options[0].textContent, 'Юридическая консультация');
});

test('a widget embedded for a line asks /api/status for that line and starts the chat on it', async () => {
  const urls = [];
  const hub = new FakeHub();
  hub.responders.StartSession = () => ({ sessionId: 's1', resumeToken: 'tok', ticket: '312345678', queue: '106', state: 'queued', position: 1, estimatedWaitSeconds: 30 });
  const c = createController({
    serverBase: BASE, hub, persist: createPersist(memoryStorage(), BASE), timers: manualTimers(), now: () => 1, uiLang: 'ru',
    fetchFn: async (url) => { urls.push(url); return jsonResponse(200, legal); },
    line: 'legal',
  });
  await c.init();
  assert.deepEqual(urls, [`${BASE}/api/status?line=legal`]);
  assert.equal(c.state.status.line, 'legal');
  await c.startSession({ topic: '106', text: 'Нужна консультация' });
  const [, request] = hub.calls.find(([name]) => name === 'StartSession');
  assert.equal(request.line, 'legal');
  assert.equal(request.topic, '106');
});

test('without a line the widget asks for every queue and sends no line', async () => {
  const urls = [];
  const hub = new FakeHub();
  hub.responders.StartSession = () => ({ sessionId: 's1', resumeToken: 'tok', ticket: '312345678', queue: '101', state: 'queued', position: 1, estimatedWaitSeconds: 30 });
  const c = createController({
    serverBase: BASE, hub, persist: createPersist(memoryStorage(), BASE), timers: manualTimers(), now: () => 1, uiLang: 'ru',
    fetchFn: async (url) => { urls.push(url); return jsonResponse(200, { queues: [] }); },
  });
  await c.init();
  assert.deepEqual(urls, [`${BASE}/api/status`]);
  await c.startSession({ topic: '101' });
  const [, request] = hub.calls.find(([name]) => name === 'StartSession');
  assert.equal('line' in request, false);
});
