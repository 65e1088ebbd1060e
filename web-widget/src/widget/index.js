// Entry point of widget.js: one <script> tag embeds the citizen chat.
//
//   <script src="https://HOST/widget.js" data-goschat-server="https://HOST" async></script>
//
// Optional attributes: data-goschat-lang="ru|en" (interface language; default: the page's <html lang>,
// then the browser's languages). The personal-data notice shown before the pre-chat form:
// data-goschat-privacy-url (the site's policy page, https), data-goschat-privacy-text (its link text; or
// data-goschat-privacy-text-ru / -en per language), data-goschat-retention-days (default 30, as the server's
// GosChat:Retention:ClosedSessions). data-goschat-user, data-goschat-user-expires and data-goschat-user-signature (a
// user the host site signed for this page, docs/widget.md "Signed-in users": it links the citizen's earlier chats).

import { createCallPrompt } from './callprompt.js';
import css from './widget.css';
import { createController } from './controller.js';
import { createPersist, createLanguageMemory } from './persist.js';
import { createRequestBook } from './requests.js';
import { mountView } from './view.js';
import { createApi, drainQueue } from './api.js';
import { createHub } from '../shared/hub.js';
import { resolveServerBase } from '../shared/url.js';
import { pickLanguage, LANGUAGES } from '../i18n.js';
import { hostPageLanguages } from '../shared/lang.js';

function findScript(doc) {
  if (doc.currentScript) return doc.currentScript;
  return doc.querySelector('script[data-goschat-server]') || doc.querySelector('script[src*="widget.js"]');
}

function privacyOptions(script) {
  const attr = (name) => (script ? script.getAttribute(name) : null);
  const days = Number.parseInt(attr('data-goschat-retention-days') || '', 10);
  return {
    url: attr('data-goschat-privacy-url'),
    linkText: { any: attr('data-goschat-privacy-text'), ru: attr('data-goschat-privacy-text-ru'), en: attr('data-goschat-privacy-text-en') },
    days: Number.isInteger(days) && days > 0 && days <= 3650 ? days : undefined,
  };
}

/** The signed user of the widget tag, or null unless all three attributes are there. */
export function readSignedUser(script) {
  if (!script) return null;
  const id = script.getAttribute('data-goschat-user');
  const expires = script.getAttribute('data-goschat-user-expires');
  const signature = script.getAttribute('data-goschat-user-signature');
  return id && expires && signature ? { id, expires, signature } : null;
}

// data-line (or data-goschat-line): the line the widget is embedded for (docs/lines.md), e.g. "legal"; its topics and hours.
function readLine(script) {
  const value = script && (script.getAttribute('data-line') || script.getAttribute('data-goschat-line'));
  return value && /^[A-Za-z0-9_-]{1,40}$/.test(value) ? value : null;
}

function boot() {
  const w = window;
  if (w.__goschatLoaded) return;
  w.__goschatLoaded = true;
  const doc = document;
  const script = findScript(doc);
  let scriptOrigin = w.location.origin;
  try { if (script && script.src) scriptOrigin = new URL(script.src, w.location.href).origin; } catch { /* keep page origin */ }
  const serverBase = resolveServerBase(script ? script.getAttribute('data-goschat-server') : '', scriptOrigin);
  // data-goschat-lang, else the host page's own language (<html lang>), else the browser's; the citizen can switch.
  const uiLang = pickLanguage(script && script.getAttribute('data-goschat-lang'),
    [...hostPageLanguages(doc), ...(w.navigator.languages || [w.navigator.language])]);

  let storage = null;
  try { storage = w.localStorage; } catch { storage = null; }

  const hub = createHub(`${serverBase}/hubs/chat`);
  // Requests opened from this browser's chats: ticket and access code kept for "My requests".
  const requestBook = createRequestBook(storage, serverBase);
  hub.on('RequestOpened', (e) => requestBook.add(e));
  const controller = createController({
    serverBase,
    hub,
    fetchFn: (...args) => w.fetch(...args),
    persist: createPersist(storage, serverBase),
    timers: { setTimeout: (f, ms) => w.setTimeout(f, ms), clearTimeout: (id) => w.clearTimeout(id) },
    now: () => Date.now(),
    uiLang,
    signedUser: readSignedUser(script),
    line: readLine(script),
  });

  const mount = () => {
    const view = mountView({ doc, controller, css, serverBase, privacy: privacyOptions(script), requestBook,
      languageMemory: createLanguageMemory(storage, serverBase), fetchFn: (...args) => w.fetch(...args) });
    doc.body.appendChild(view.host);
    // Chat to voice: the operator asks to call; the citizen gives or confirms a number.
    const callPrompt = createCallPrompt({ doc, invoke: (...args) => hub.invoke(...args), lang: () => uiLang });
    view.elements.panel.appendChild(callPrompt.form);
    hub.on('CallPhoneRequested', (e) => callPrompt.show(e));
    const api = createApi(controller, { languages: LANGUAGES });
    const previous = w.GosChat;
    w.GosChat = api;
    drainQueue(previous, api);
    controller.init();
    try { w.dispatchEvent(new CustomEvent('goschat:ready', { detail: api })); } catch { /* old browsers */ }
  };
  if (doc.body) mount();
  else doc.addEventListener('DOMContentLoaded', mount, { once: true });
}

boot();
