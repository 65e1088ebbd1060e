// Accessibility pieces that can be checked without a browser: language of parts, list semantics inside the
// live logs, the silent offer countdown with its one-time announcement, the charts' text alternative, and the
// focus ring's contrast on every background the pages use. The browser tests run axe-core on the real pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Window } from 'happy-dom';
import { messageLang, contentLang, textLang, hostPageLanguages } from '../src/shared/lang.js';
import { makeH } from '../src/shared/dom.js';
import { pickLanguage } from '../src/i18n.js';
import { t as staffT } from '../src/staff/i18n.js';
import { mountView } from '../src/widget/view.js';
import { initialState, reduce } from '../src/widget/state.js';
import { renderStaffMessage } from '../src/staff/render.js';
import { createOffersView } from '../src/console/offers.js';
import { initialConsoleState, reduceConsole } from '../src/console/state.js';
import { axisLabel, drawChart } from '../src/supervisor/charts.js';
import { fillChartRows } from '../src/supervisor/chart-table.js';

const dom = () => new Window({ url: 'https://site.example/' }).document;

test('language of parts: conversations in their own language, system texts as the server writes them', () => {
  assert.equal(messageLang('citizen', 'tt'), 'tt');
  assert.equal(messageLang('operator', 'EN'), 'en');
  assert.equal(messageLang('system', 'tt'), 'ru');
  assert.equal(messageLang('system', 'en'), 'en');
  assert.equal(messageLang('citizen', 'xx'), null);
  assert.equal(contentLang('ba'), 'ba');
  assert.equal(contentLang(undefined), null);
  assert.equal(textLang('Техническая поддержка'), 'ru');
  assert.equal(textLang('Technical support'), null);
});

test('the widget starts in the host page\'s language, before the browser\'s', () => {
  const doc = dom();
  doc.documentElement.setAttribute('lang', 'en-GB');
  assert.deepEqual(hostPageLanguages(doc), ['en-GB']);
  assert.equal(pickLanguage(null, [...hostPageLanguages(doc), 'ru-RU']), 'en');
  doc.documentElement.setAttribute('lang', 'ru');
  assert.equal(pickLanguage(null, [...hostPageLanguages(doc), 'en-US']), 'ru');
  assert.equal(pickLanguage('en', [...hostPageLanguages(doc), 'ru-RU']), 'en', 'data-goschat-lang still wins');
  doc.documentElement.removeAttribute('lang');
  assert.deepEqual(hostPageLanguages(doc), []);
});

test('widget: the log wraps a real list, and message texts carry the conversation\'s language', () => {
  const doc = dom();
  let state = initialState({ uiLang: 'en' });
  const listeners = [];
  const controller = {
    get state() { return state; }, subscribe: (fn) => listeners.push(fn),
    dispatch: (a) => { state = reduce(state, a); listeners.forEach((l) => l(state)); },
    open() { this.dispatch({ type: 'open' }); }, close() {}, setLanguage(l) { this.dispatch({ type: 'language', lang: l }); },
  };
  const view = mountView({ doc, controller, css: '', serverBase: 'https://chat.example' });
  doc.body.appendChild(view.host);
  controller.open();
  controller.dispatch({ type: 'start', request: {} });
  controller.dispatch({ type: 'started', payload: { sessionId: 's', ticket: '312345678', queue: '101', state: 'active' }, language: 'ru' });
  controller.dispatch({ type: 'message', message: { messageId: 'm1', sessionId: 's', from: 'operator', text: 'Здравствуйте', sentAt: '2026-11-23T07:00:00Z' } });

  const log = view.root.querySelector('[data-testid="goschat-messages"]');
  assert.equal(log.getAttribute('role'), 'log');
  assert.equal(log.tagName, 'DIV');
  const items = log.querySelectorAll('ol > li[data-testid="goschat-message"]');
  assert.equal(items.length, 1);
  assert.equal(log.querySelector('ol').getAttribute('role'), null, 'the list keeps its own role');
  assert.equal(items[0].querySelector('[data-testid="goschat-message-text"]').getAttribute('lang'), 'ru');
  assert.equal(view.root.querySelector('.gc-root').getAttribute('lang'), 'en');
  assert.equal(view.root.querySelector('[data-testid="goschat-lang"]').getAttribute('lang'), 'ru');
  const launcher = view.root.querySelector('[data-testid="goschat-launcher"]');
  assert.equal(launcher.getAttribute('aria-label'), null, 'named by its visible text');
});

test('console messages carry the session\'s language', () => {
  const doc = dom();
  const li = renderStaffMessage(doc, { key: 'k', from: 'citizen', text: 'Сәлам', delivery: 'sent' }, 'en', 'https://chat.example', null, 'tt');
  assert.equal(li.querySelector('.st-msg-text').getAttribute('lang'), 'tt');
});

function offersHarness() {
  const doc = dom();
  const shell = { h: makeH(doc), lang: 'ru', t: (key, vars) => staffT('ru', key, vars) };
  const calls = [];
  let now = Date.parse('2026-11-23T07:00:00Z');
  // Like the console: the server's answer is dispatched, which draws the offers again before extend() returns.
  const view = createOffersView(shell, {
    accept: (o) => calls.push(['accept', o.offerId]),
    decline: (o) => calls.push(['decline', o.offerId]),
    extend: async (o) => {
      calls.push(['extend', o.offerId]);
      const extended = { expiresAt: '2026-11-23T07:00:40Z', extensionsLeft: 0 };
      view.render([{ ...o, ...extended }], now);
      return extended;
    },
  }, () => now);
  doc.body.appendChild(view.list);
  doc.body.appendChild(view.announcer);
  return { doc, view, calls, tick: (ms) => { now += ms; return now; } };
}

test('offers: the list is not live, the countdown is a silent timer, a new offer is announced once', () => {
  const { view, tick } = offersHarness();
  const offer = { offerId: 'o1', sessionId: 's1', channel: 'chat', queue: '101', ticket: '300000001', language: 'ru', preview: 'Не приходит код', expiresAt: '2026-11-23T07:00:20Z', extensionsLeft: 1 };
  assert.equal(view.list.getAttribute('aria-live'), null);
  assert.equal(view.announcer.getAttribute('role'), 'status');

  view.render([offer], tick(0));
  const first = view.announcer.textContent;
  assert.match(first, /300000001/);
  assert.match(first, /0:20/);
  const countdown = view.list.querySelector('[data-testid="offer-countdown"]');
  assert.equal(countdown.getAttribute('role'), 'timer');
  assert.equal(view.list.querySelector('.st-offer-preview').getAttribute('lang'), 'ru');

  view.render([offer], tick(1000));
  view.render([offer], tick(1000));
  assert.equal(countdown.textContent, 'осталось 0:18');
  assert.equal(view.announcer.textContent, first, 'ticking is not announced');

  view.render([offer], tick(8000));
  assert.match(view.announcer.textContent, /осталось 0:10/, 'ten seconds left is said once');
  const warned = view.announcer.textContent;
  view.render([offer], tick(1000));
  assert.equal(view.announcer.textContent, warned);
});

test('offers: "more time" shows while an extension is left and hands focus to Accept when it goes', async () => {
  const { doc, view, calls, tick } = offersHarness();
  const offer = { offerId: 'o1', sessionId: 's1', channel: 'chat', queue: '101', ticket: '1', language: 'ru', expiresAt: '2026-11-23T07:00:20Z', extensionsLeft: 1 };
  view.render([offer], tick(0));
  const extend = view.list.querySelector('[data-testid="offer-extend"]');
  assert.equal(extend.hidden, false);
  extend.focus();
  extend.click();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(calls, [['extend', 'o1']]);
  assert.equal(extend.hidden, true);
  assert.equal(doc.activeElement?.getAttribute('data-testid'), 'offer-accept');
  assert.match(view.announcer.textContent, /0:40/, 'the new time is said');
  view.render([{ ...offer, extensionsLeft: undefined }], tick(0));
  assert.equal(extend.hidden, true, 'a server without ExtendOffer shows no button');
});

test('console state: an extended offer gets its new expiry; extension_used leaves no extension', () => {
  let s = reduceConsole(initialConsoleState(), { type: 'offer', offer: { offerId: 'o1', expiresAt: '2026-11-23T07:00:20Z', extensionsLeft: 1 } });
  s = reduceConsole(s, { type: 'offerExtended', offerId: 'o1', expiresAt: '2026-11-23T07:00:40Z', extensionsLeft: 0 });
  assert.deepEqual(s.offers, [{ offerId: 'o1', expiresAt: '2026-11-23T07:00:40Z', extensionsLeft: 0 }]);
  s = reduceConsole(s, { type: 'offerExtended', offerId: 'o1', extensionsLeft: 0 });
  assert.equal(s.offers[0].expiresAt, '2026-11-23T07:00:40Z');
  assert.equal(reduceConsole(s, { type: 'expireOffers', now: Date.parse('2026-11-23T07:00:30Z') }).offers.length, 1, 'not expired at the old time');
});

test('charts: a named image, HTML axis labels, and every value in a table', () => {
  const doc = dom();
  assert.equal(axisLabel(2.5), '2.5');
  assert.equal(axisLabel(100), '100');
  const box = drawChart(doc, { label: 'Ожидают, 10:00–10:10: наибольшее 3', xLabels: ['10:00', '10:05', '10:10'], series: [{ values: [1, 3, 2], className: 'st-line-a' }] });
  const svg = box.querySelector('svg');
  assert.equal(svg.getAttribute('role'), 'img');
  assert.equal(svg.getAttribute('aria-label'), 'Ожидают, 10:00–10:10: наибольшее 3');
  assert.equal(svg.querySelector('text'), null, 'no SVG text: it would stretch with the chart');
  assert.deepEqual([...box.querySelectorAll('.st-chart-y span')].map((s) => s.textContent), ['5', '2.5', '0']);
  assert.deepEqual([...box.querySelectorAll('.st-chart-x span')].map((s) => s.textContent), ['10:00', '10:10']);

  const tbody = doc.createElement('tbody');
  fillChartRows(doc, tbody, [
    { at: 0, waiting: 2, answered: 1, firstReply: 42.4, sla: 97.55 },
    { at: 1, waiting: 0, answered: 0, firstReply: null, sla: null },
  ], ['10:00', '10:05']);
  assert.deepEqual([...tbody.querySelectorAll('tr')].map((r) => [...r.children].map((c) => c.textContent)), [
    ['10:00', '2', '1', '42', '97.5'],
    ['10:05', '0', '0', '—', '—'],
  ]);
});

// ---- focus ring contrast (WCAG 1.4.11 / technique C40) ------------------------------------------------------

function luminance(hex) {
  const v = hex.replace('#', '');
  const full = v.length === 3 ? [...v].map((c) => c + c).join('') : v;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const [file, prefix] of [['src/widget/widget.css', '--gc'], ['src/pages/goschat-staff.css', '--st']]) {
  test(`${file}: the two-tone focus ring reaches 3:1 on every background the page paints`, async () => {
    const css = await readFile(new URL(`../${file}`, import.meta.url), 'utf8');
    const vars = Object.fromEntries([...css.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\b/g)].map((m) => [m[1], m[2]]));
    const dark = vars[`${prefix}-focus-dark`];
    const light = vars[`${prefix}-focus-light`];
    assert.ok(dark && light, 'focus colours are defined');
    assert.match(css, new RegExp(`:focus-visible \\{ outline: 3px solid var\\(${prefix}-focus-dark\\)`));
    assert.ok(contrast(dark, light) >= 9, 'the two tones differ by 9:1 or more');
    const backgrounds = [...css.matchAll(/background(?:-color)?:\s*(#[0-9a-fA-F]{3,6}|var\((--[\w-]+)\))/g)]
      .map((m) => (m[2] ? vars[m[2]] : m[1])).filter(Boolean);
    assert.ok(backgrounds.length > 10, `only ${backgrounds.length} backgrounds found: the scan is broken`);
    const weak = [...new Set(backgrounds)].filter((bg) => Math.max(contrast(dark, bg), contrast(light, bg)) < 3);
    assert.deepEqual(weak, []);
  });
}
