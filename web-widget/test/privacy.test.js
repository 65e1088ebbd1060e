import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { mountView, privacyLinkText, DEFAULT_RETENTION_DAYS } from '../src/widget/view.js';
import { initialState, reduce } from '../src/widget/state.js';

const BASE = 'https://chat.example';

function mount(privacy, uiLang = 'ru') {
  const window = new Window({ url: 'https://site.example/' });
  const document = window.document;
  let state = initialState({ uiLang });
  const listeners = [];
  const controller = {
    get state() { return state; }, subscribe: (fn) => listeners.push(fn),
    dispatch: (a) => { state = reduce(state, a); listeners.forEach((l) => l(state)); },
    open() { this.dispatch({ type: 'open' }); }, close() { this.dispatch({ type: 'close' }); },
    setLanguage(l) { this.dispatch({ type: 'language', lang: l }); },
  };
  const view = mountView({ doc: document, controller, css: '', serverBase: BASE, privacy });
  document.body.appendChild(view.host);
  controller.open();
  const $ = (id) => view.root.querySelector(`[data-testid="${id}"]`);
  return { controller, $, view };
}

test('the personal-data notice comes before the pre-chat fields, names 152-FZ, what is kept and for how long', () => {
  const { $ } = mount({});
  const notice = $('goschat-privacy');
  const form = $('goschat-prechat');
  assert.ok(notice && form.contains(notice));
  const fields = [...form.querySelectorAll('select, textarea, input')];
  assert.ok(fields.length > 0);
  for (const f of fields) {
    assert.ok(notice.compareDocumentPosition(f) & 4 /* DOCUMENT_POSITION_FOLLOWING */, `${f.getAttribute('data-testid')} follows the notice`);
  }
  const text = notice.textContent;
  assert.match(text, /152-ФЗ/);
  assert.match(text, /переписку, файлы, имя и телефон/);
  assert.match(text, new RegExp(`${DEFAULT_RETENTION_DAYS} дн\\.`));
  assert.equal($('goschat-privacy-link'), null, 'no link unless the site names its policy page');
  assert.equal($('goschat-start').getAttribute('aria-describedby'), notice.id);
});

test('the notice follows the interface language, with the configured days and link', () => {
  const { $, controller } = mount({ url: 'https://site.example/privacy', linkText: { ru: 'Согласие на обработку', en: 'Privacy policy' }, days: 14 });
  const link = $('goschat-privacy-link');
  assert.equal(link.getAttribute('href'), 'https://site.example/privacy');
  assert.equal(link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(link.textContent, 'Согласие на обработку');
  assert.match($('goschat-privacy-text').textContent, /14 дн\./);
  controller.setLanguage('en');
  assert.equal(link.textContent, 'Privacy policy');
  assert.match($('goschat-privacy-text').textContent, /152-FZ/);
  assert.match($('goschat-privacy-text').textContent, /for 14 days after the request is closed/);
});

test('without a configured link text the built-in one is used; an unsafe URL gives no link', () => {
  assert.equal(mount({ url: 'https://site.example/p' }, 'en').$('goschat-privacy-link').textContent, 'Personal data policy');
  assert.equal(mount({ url: 'https://site.example/p', linkText: { any: 'Политика' } }, 'en').$('goschat-privacy-link').textContent, 'Политика');
  assert.equal(mount({ url: 'javascript:alert(1)' }).$('goschat-privacy-link'), null);
  assert.equal(privacyLinkText({ en: '  ' , any: 'x' }, 'en'), 'x');
  assert.equal(privacyLinkText(undefined, 'ru'), null);
});

test('the notice is hidden with the form once the chat has started', () => {
  const { $, controller } = mount({});
  controller.dispatch({ type: 'start', request: {} });
  controller.dispatch({ type: 'started', payload: { sessionId: 's', resumeToken: 'r', ticket: '312345678', queue: '101', state: 'queued', position: 1 } });
  assert.equal($('goschat-prechat').hidden, true);
});
