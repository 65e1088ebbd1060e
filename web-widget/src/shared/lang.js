// Language of parts (WCAG 3.1.2): which `lang` a piece of content gets when it may differ from the page's.
// Pure: no DOM.

/** Languages a conversation can be held in (the operator language the citizen chose). */
export const CONTENT_LANGUAGES = ['ru', 'en', 'tt', 'ba'];

/**
 * The language of a message's text in a session held in `sessionLanguage`: citizen and operator write in it;
 * system messages are English in English sessions and Russian otherwise (as the server writes them).
 * null when unknown (the text then inherits the page's language).
 */
export function messageLang(from, sessionLanguage) {
  const lang = String(sessionLanguage || '').toLowerCase();
  if (from === 'system') return lang === 'en' ? 'en' : 'ru';
  return CONTENT_LANGUAGES.includes(lang) ? lang : null;
}

/** A known conversation language, or null. */
export function contentLang(language) {
  const lang = String(language || '').toLowerCase();
  return CONTENT_LANGUAGES.includes(lang) ? lang : null;
}

const CYRILLIC = /[\u0400-\u04FF]/;

/**
 * For configured texts whose language nobody states (queue names, canned replies, resolutions): Russian when
 * the text has Cyrillic letters, otherwise null (inherit). Conversation texts use messageLang instead, which
 * also knows Tatar and Bashkir.
 */
export function textLang(text) {
  return CYRILLIC.test(String(text || '')) ? 'ru' : null;
}

/** The interface language a widget should start in: its own attribute, the host page's `lang`, the browser's. */
export function hostPageLanguages(doc) {
  const html = doc && doc.documentElement ? doc.documentElement.getAttribute('lang') : null;
  return html ? [html] : [];
}
