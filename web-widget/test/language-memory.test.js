import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { createLanguageMemory } from '../src/widget/persist.js';
import { mountView } from '../src/widget/view.js';
import { initialState, reduce } from '../src/widget/state.js';

function storage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), m };
}

function mount(languageMemory) {
  const window = new Window({ url: 'https://site.example/' });
  let state = initialState({ uiLang: 'ru' });
  const listeners = [];
  const controller = {
    get state() { return state; }, subscribe: (fn) => listeners.push(fn),
    dispatch: (a) => { state = reduce(state, a); listeners.forEach((l) => l(state)); },
    open() { this.dispatch({ type: 'open' }); }, close() { this.dispatch({ type: 'close' }); }, setLanguage(l) { this.dispatch({ type: 'language', lang: l }); },
  };
  const view = mountView({ doc: window.document, controller, css: '', serverBase: 'https://chat.example', languageMemory });
  window.document.body.appendChild(view.host);
  return { window, select: view.root.querySelector('[data-testid="goschat-language"]') };
}

test('the operator language the citizen chose is remembered for the next visit', () => {
  const store = storage();
  const first = mount(createLanguageMemory(store, 'https://chat.example'));
  assert.equal(first.select.value, 'ru', 'the interface language at first');
  first.select.value = 'tt';
  first.select.dispatchEvent(new first.window.Event('change'));

  const next = mount(createLanguageMemory(store, 'https://chat.example'));
  assert.equal(next.select.value, 'tt');
  assert.deepEqual([...store.m.values()], ['tt'], 'one short code, nothing else');
});

test('a stored value that is not a language code is ignored', () => {
  const store = storage();
  store.setItem('goschat:v1:language:https://chat.example', '<script>');
  assert.equal(createLanguageMemory(store, 'https://chat.example').load(), null);
  createLanguageMemory(store, 'https://chat.example').save('xx');
  assert.equal(store.getItem('goschat:v1:language:https://chat.example'), '<script>');
  assert.equal(createLanguageMemory(null, '').load(), null);
});
