// Page frame shared by the console and the supervisor view: header, language switch,
// sign-in form, error banner. All text through textContent.

import { makeH, setText } from '../shared/dom.js';
import { t, pickStaffLanguage } from './i18n.js';
import { createAuthStore, createStaffApi, hasRole } from './api.js';
import { authFromAnswer, createTokenKeeper } from './tokens.js';
import { textLang } from '../shared/lang.js';

const LANG_KEY = 'goschat:v1:staff-lang';

export function createShell({ doc, win, titleKey, requiredRole }) {
  const h = makeH(doc);
  let lang = pickStaffLanguage(safeGet(win.localStorage, LANG_KEY), win.navigator.languages);
  const bindings = [];
  const tx = (el, key, attr, vars) => { bindings.push([el, key, attr, vars]); return el; };
  const langListeners = new Set();
  const auth = createAuthStore(win.sessionStorage);
  let current = auth.load();

  // The access token is short-lived (15 min by default): the keeper renews it before it expires.
  const keeper = createTokenKeeper({
    refreshFn: (refreshToken) => api.refresh(refreshToken),
    onRenewed: (next) => { current = next; auth.save(current); },
    onRefused: () => signOut({ key: 'errUnauthorized' }),
  });
  const api = createStaffApi({
    fetchFn: (...a) => win.fetch(...a),
    getToken: () => (current ? keeper.token() : ''),
    renew: () => keeper.renew(),
    onUnauthorized: () => signOut({ key: 'errUnauthorized' }),
  });

  const title = tx(h('h1', { className: 'st-title' }), titleKey);
  const who = h('span', { className: 'st-who', 'data-testid': 'staff-user' });
  const extra = h('div', { className: 'st-header-extra' });
  const langButton = tx(tx(h('button', { type: 'button', className: 'st-btn st-btn--ghost', 'data-testid': 'staff-lang' }), 'switchLanguage'), 'switchLanguageLabel', 'aria-label');
  const signOutButton = tx(h('button', { type: 'button', className: 'st-btn st-btn--ghost', 'data-testid': 'staff-signout', hidden: true }), 'signOut');
  const header = h('header', { className: 'st-header' }, title, extra, who, langButton, signOutButton);

  const bannerText = h('span');
  const bannerClose = tx(h('button', { type: 'button', className: 'st-link' }), 'dismiss');
  const banner = h('div', { className: 'st-banner', role: 'alert', 'data-testid': 'staff-error', hidden: true }, bannerText, ' ', bannerClose);
  let bannerMsg = null;

  const loginInput = h('input', { id: 'st-login', name: 'login', autocomplete: 'username', required: true, 'data-testid': 'login-login' });
  const passwordInput = h('input', { id: 'st-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
  const loginError = h('p', { className: 'st-form-error', role: 'alert', 'data-testid': 'login-error' });
  const loginButton = tx(h('button', { type: 'submit', className: 'st-btn', 'data-testid': 'login-submit' }), 'signIn');
  const loginForm = h('form', { className: 'st-login', 'data-testid': 'login-form', 'aria-labelledby': 'st-login-title' },
    tx(h('h2', { id: 'st-login-title' }), 'signInTitle'),
    h('div', { className: 'st-field' }, tx(h('label', { for: 'st-login' }), 'login'), loginInput),
    h('div', { className: 'st-field' }, tx(h('label', { for: 'st-password' }), 'password'), passwordInput),
    loginError, loginButton);
  const main = h('main', { className: 'st-main', id: 'st-main' });
  doc.body.appendChild(header);
  doc.body.appendChild(banner);
  doc.body.appendChild(loginForm);
  doc.body.appendChild(main);

  let onSignedIn = null;
  let onSignedOut = null;

  function applyLang() {
    doc.documentElement.setAttribute('lang', lang);
    // "English" / "Русский" is in the language it switches to.
    langButton.setAttribute('lang', lang === 'ru' ? 'en' : 'ru');
    for (const [el, key, attr, vars] of bindings) {
      const text = t(lang, key, typeof vars === 'function' ? vars() : vars);
      if (attr) el.setAttribute(attr, text); else setText(el, text);
    }
    doc.title = t(lang, titleKey);
    renderBanner();
    langListeners.forEach((fn) => fn(lang));
  }

  function renderBanner() {
    banner.hidden = !bannerMsg;
    if (bannerMsg) setText(bannerText, bannerMsg.text !== undefined ? bannerMsg.text : t(lang, bannerMsg.key, bannerMsg.vars));
  }

  function showError(msg) { bannerMsg = msg; renderBanner(); }
  bannerClose.addEventListener('click', () => showError(null));

  function showSignedIn() {
    loginForm.hidden = true;
    main.hidden = false;
    signOutButton.hidden = false;
    setText(who, current.operator ? current.operator.name : '');
    if (textLang(who.textContent)) who.setAttribute('lang', textLang(who.textContent)); else who.removeAttribute('lang');
  }

  function signOut(reason) {
    current = null;
    keeper.stop();
    auth.clear();
    loginForm.hidden = false;
    main.hidden = true;
    signOutButton.hidden = true;
    setText(who, '');
    if (reason) showError(reason);
    if (onSignedOut) onSignedOut();
    loginInput.focus();
  }

  langButton.addEventListener('click', () => {
    lang = lang === 'ru' ? 'en' : 'ru';
    try { win.localStorage.setItem(LANG_KEY, lang); } catch { /* disabled */ }
    applyLang();
  });
  signOutButton.addEventListener('click', () => {
    const token = current && current.accessToken;
    signOut(null);
    api.logout(token); // ends the refresh token and the cookie on the server too
  });
  loginForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    setText(loginError, '');
    loginButton.disabled = true;
    setText(loginButton, t(lang, 'signingIn'));
    const res = await api.login(loginInput.value.trim(), passwordInput.value);
    loginButton.disabled = false;
    setText(loginButton, t(lang, 'signIn'));
    if (!res.ok) { setText(loginError, t(lang, res.error.key, res.error.vars)); return; }
    if (requiredRole && !hasRole(res.data.operator, requiredRole)) { setText(loginError, t(lang, 'notSupervisor')); return; }
    passwordInput.value = '';
    current = authFromAnswer(res.data, Date.now());
    keeper.set(current);
    auth.save(current);
    showError(null);
    showSignedIn();
    if (onSignedIn) onSignedIn(current);
  });

  return {
    h,
    get lang() { return lang; },
    get auth() { return current; },
    /** The access token for the hub (accessTokenFactory), renewed first when it is about to expire. */
    token: () => (current ? keeper.token() : Promise.resolve('')),
    /** Renews the access token now (e.g. after the hub refused it); false when the sign-in is over. */
    renew: () => keeper.renew(),
    api,
    main,
    headerExtra: extra,
    tx,
    t: (key, vars) => t(lang, key, vars),
    showError,
    signOut,
    onLanguage(fn) { langListeners.add(fn); },
    start({ signedIn, signedOut }) {
      onSignedIn = signedIn;
      onSignedOut = signedOut;
      applyLang();
      if (current && (!requiredRole || hasRole(current.operator, requiredRole))) { keeper.set(current); showSignedIn(); signedIn(current); }
      else { current = null; main.hidden = true; loginForm.hidden = false; loginInput.focus(); }
    },
  };
}

function safeGet(storage, key) {
  try { return storage.getItem(key); } catch { return null; }
}
