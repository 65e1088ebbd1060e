import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { renderMessage } from '../src/widget/render.js';
import { renderStaffMessage } from '../src/staff/render.js';
import { mountView } from '../src/widget/view.js';
import { initialState, reduce } from '../src/widget/state.js';

const XSS = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=2</script><b>bold</b>';
const BASE = 'http://127.0.0.1:5080';

function dom() {
  const window = new Window({ url: 'https://site.example/' });
  return { window, document: window.document };
}

test('widget messages render HTML as text', () => {
  const { document } = dom();
  const li = renderMessage(document, { key: 'm:1', messageId: '1', from: 'operator', text: XSS, sentAt: '2026-11-23T05:00:00Z', delivery: 'sent' }, { lang: 'ru', serverBase: BASE, operatorName: '<i>Анна</i>' });
  document.body.appendChild(li);
  assert.equal(li.querySelector('img'), null);
  assert.equal(li.querySelector('script'), null);
  assert.equal(li.querySelector('b'), null);
  assert.equal(li.querySelector('i'), null);
  assert.ok(li.textContent.includes('<img src=x onerror='));
  assert.ok(li.textContent.includes('<i>Анна</i>'));
  assert.equal(globalThis.pwned, undefined);
});

test('attachments: safe URLs become links, unsafe ones plain text', () => {
  const { document } = dom();
  const ok = renderMessage(document, { key: 'm:2', messageId: '2', from: 'operator', text: '', delivery: 'sent',
    attachment: { attachmentId: 'a', name: '<b>справка</b>.pdf', size: 2048, contentType: 'application/pdf', url: '/api/attachments/a' } }, { lang: 'ru', serverBase: BASE });
  const a = ok.querySelector('a');
  assert.equal(a.getAttribute('href'), `${BASE}/api/attachments/a`);
  assert.equal(a.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(ok.querySelector('b'), null);
  const bad = renderMessage(document, { key: 'm:3', messageId: '3', from: 'operator', text: '', delivery: 'sent',
    attachment: { name: 'x.pdf', size: 1, url: 'javascript:alert(1)' } }, { lang: 'en', serverBase: BASE });
  assert.equal(bad.querySelector('a'), null);
});

test('attachments: links carry no token; the server\'s own are marked for a signed link at the click', () => {
  const { document } = dom();
  const own = renderMessage(document, { key: 'm:4', messageId: '4', from: 'citizen', text: '', delivery: 'sent',
    attachment: { attachmentId: 'a', name: 'скан.png', size: 10, contentType: 'image/png', url: '/api/attachments/s1.ab' } },
  { lang: 'ru', serverBase: BASE });
  const a = own.querySelector('a');
  assert.equal(a.getAttribute('href'), `${BASE}/api/attachments/s1.ab`);
  assert.equal(a.getAttribute('data-attachment-id'), 's1.ab');
  const elsewhere = renderMessage(document, { key: 'm:5', messageId: '5', from: 'operator', text: '', delivery: 'sent',
    attachment: { name: 'x.pdf', size: 1, url: 'https://cdn.example.org/api/attachments/x' } },
  { lang: 'ru', serverBase: BASE });
  assert.equal(elsewhere.querySelector('a').getAttribute('data-attachment-id'), null);
});

test('console messages render HTML as text', () => {
  const { document } = dom();
  const li = renderStaffMessage(document, { key: 'm:1', messageId: '1', from: 'citizen', text: XSS, delivery: 'sent' }, 'ru', BASE);
  assert.equal(li.querySelector('img'), null);
  assert.ok(li.textContent.includes('onerror'));
});

test('the mounted widget shows hostile text from the server as text everywhere', () => {
  const { window, document } = dom();
  let state = initialState({ uiLang: 'ru' });
  const listeners = [];
  const controller = {
    get state() { return state; },
    subscribe: (fn) => listeners.push(fn),
    dispatch: (a) => { state = reduce(state, a); listeners.forEach((l) => l(state)); },
    open() { this.dispatch({ type: 'open' }); }, close() { this.dispatch({ type: 'close' }); },
    setLanguage(l) { this.dispatch({ type: 'language', lang: l }); },
    startSession: async () => {}, send: () => true, typing() {}, upload: async () => false, closeSession: async () => {}, rate: async () => {}, newChat() {},
  };
  const view = mountView({ doc: document, controller, css: '', serverBase: BASE });
  document.body.appendChild(view.host);
  controller.open();
  controller.dispatch({ type: 'status', status: { timeZone: 'Europe/Moscow', queues: [{ id: '101', name: XSS, state: 'unavailable', nextChange: '2026-11-23T05:00:00Z' }] } });
  controller.dispatch({ type: 'start', request: {} });
  controller.dispatch({ type: 'started', payload: { sessionId: 's', resumeToken: 'r', ticket: '<b>1</b>', queue: '101', state: 'deferred', position: 1 } });
  controller.dispatch({ type: 'operatorJoined', operatorName: XSS });
  controller.dispatch({ type: 'message', message: { messageId: 'm1', sessionId: 's', from: 'operator', text: XSS, sentAt: '2026-11-23T05:00:00Z' } });
  controller.dispatch({ type: 'error', message: { text: XSS } });
  const root = view.root;
  assert.equal(root.querySelectorAll('img, script, b').length, 0);
  assert.ok(root.querySelector('[data-testid="goschat-operator-joined"]').textContent.includes('<img'));
  assert.ok(root.querySelector('[data-testid="goschat-ticket"]').textContent.includes('<b>1</b>'));
  assert.equal(root.querySelectorAll('[data-testid="goschat-message"]').length, 1);
  assert.equal(window.pwned, undefined);
});

test('the widget lives in a Shadow DOM with stable test ids and ARIA wiring', () => {
  const { document } = dom();
  let state = initialState({ uiLang: 'en' });
  const listeners = [];
  const controller = {
    get state() { return state; }, subscribe: (fn) => listeners.push(fn),
    dispatch: (a) => { state = reduce(state, a); listeners.forEach((l) => l(state)); },
    open() { this.dispatch({ type: 'open' }); }, close() { this.dispatch({ type: 'close' }); }, setLanguage(l) { this.dispatch({ type: 'language', lang: l }); },
  };
  const view = mountView({ doc: document, controller, css: '', serverBase: BASE });
  document.body.appendChild(view.host);
  assert.ok(view.host.shadowRoot, 'open shadow root');
  assert.match(view.host.getAttribute('style'), /all: initial/);
  const $ = (id) => view.root.querySelector(`[data-testid="${id}"]`);
  for (const id of ['goschat-launcher', 'goschat-topic', 'goschat-text', 'goschat-kind', 'goschat-language', 'goschat-name', 'goschat-phone', 'goschat-start',
    'goschat-messages', 'goschat-input', 'goschat-send', 'goschat-ticket', 'goschat-position', 'goschat-operator-joined', 'goschat-end', 'goschat-rate-5']) {
    assert.ok($(id), id);
  }
  assert.equal($('goschat-launcher').textContent.includes('Chat'), true);
  assert.equal($('goschat-launcher').getAttribute('aria-expanded'), 'false');
  assert.equal($('goschat-messages').getAttribute('role'), 'log');
  assert.equal($('goschat-position').getAttribute('aria-live'), 'polite');
  const topicOptions = [...$('goschat-topic').querySelectorAll('option')].map((o) => o.value);
  assert.deepEqual(topicOptions, ['101', '102', '103', '104', '']);
  controller.setLanguage('ru');
  assert.ok($('goschat-launcher').textContent.includes('Чат'));
  controller.open();
  assert.equal($('goschat-panel').hidden, false);
  assert.equal($('goschat-launcher').getAttribute('aria-expanded'), 'true');
});

test('no source file writes markup (innerHTML, outerHTML, insertAdjacentHTML, document.write)', async () => {
  const root = new URL('../src/', import.meta.url).pathname;
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.js'));
  const offenders = [];
  for (const f of files) {
    const src = await readFile(join(root, f), 'utf8');
    if (/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/.test(src)) offenders.push(f);
  }
  assert.deepEqual(offenders, []);
});

test('citizen history renders earlier sessions as text only, one history-item each', async () => {
  const { renderCitizenHistory } = await import('../src/staff/render.js');
  const { document } = dom();
  const box = document.createElement('div');
  document.body.appendChild(box);
  renderCitizenHistory(document, box, [
    {
      sessionId: 's1', ticket: '312345678', queue: '101', channel: 'chat', state: 'closed', createdAt: '2026-11-20T07:00:00Z',
      closedAt: '2026-11-20T07:10:00Z', resolution: XSS, operatorName: '<i>Анна</i>',
      messages: [
        { messageId: 'm1', from: 'citizen', text: XSS, sentAt: '2026-11-20T07:00:00Z' },
        { messageId: 'm2', from: 'operator', text: 'Готово', sentAt: '2026-11-20T07:05:00Z' },
      ],
    },
    { sessionId: 's0', ticket: '312345600', queue: '102', state: 'closed', createdAt: '2026-11-19T07:00:00Z', messages: [] },
  ], 'en');
  const items = box.querySelectorAll('[data-testid="history-item"]');
  assert.equal(items.length, 2);
  assert.equal(items[0].dataset.sessionId, 's1');
  assert.ok(items[0].textContent.includes('312345678'));
  assert.ok(items[0].textContent.includes('Queue 101'));
  assert.ok(items[0].textContent.includes('closed'));
  assert.ok(items[0].textContent.includes('Outcome: <img src=x'));
  assert.ok(items[0].textContent.includes('<i>Анна</i>'));
  assert.equal(box.querySelector('img'), null);
  assert.equal(box.querySelector('script'), null);
  assert.equal(box.querySelector('i'), null);
  assert.equal(globalThis.pwned, undefined);

  renderCitizenHistory(document, box, [], 'ru');
  assert.equal(box.querySelectorAll('[data-testid="history-item"]').length, 0);
  assert.ok(box.textContent.includes('Других обращений'));
});
