// The console's incoming offers: one card each with its countdown, accept, decline and "more time".
//
// Screen readers: the list itself is not a live region, so the countdown is not read out every second (it is a
// role=timer, which is silent). A separate visually hidden status line says, once, that an offer arrived, when
// ten seconds are left, and when more time was given (WCAG 4.1.3, 2.2.1).

import { setText } from '../shared/dom.js';
import { formatClock } from '../shared/time.js';
import { contentLang } from '../shared/lang.js';
import { maskPhone, secondsUntil } from '../staff/format.js';

const WARN_SECONDS = 10;

/**
 * @param shell     staff shell (h, t, lang)
 * @param actions   { accept(offer), decline(offer), extend(offer) } — extend resolves to the new
 *                  { expiresAt, extensionsLeft }, or null when the server refused
 * @param serverNow () => the server's time in ms (countdowns follow the server's clock)
 */
export function createOffersView(shell, actions, serverNow) {
  const { h } = shell;
  const list = h('ul', { className: 'st-offers', 'data-testid': 'offers-list' });
  const announcer = h('p', { className: 'st-sr', role: 'status', 'data-testid': 'offers-announcer' });
  const nodes = new Map(); // offerId -> { li, countdown, extend, accept, offer, sig, warnedFor }
  const announced = new Set();

  const heading = (o) => (o.channel === 'call'
    ? shell.t('callFrom', { caller: maskPhone(o.caller || o.preview || '') || '—' })
    : `${shell.t('channelChat')} · ${shell.t('ticket', { ticket: o.ticket || '—' })}`);

  function announce(text) {
    // A change of text is what a live region reads; the same text twice in a row would be skipped.
    setText(announcer, announcer.textContent === text ? `${text} ` : text);
  }

  function build(o) {
    const isCall = o.channel === 'call';
    const accept = h('button', { type: 'button', className: 'st-btn', 'data-testid': 'offer-accept' }, shell.t('accept'));
    const decline = h('button', { type: 'button', className: 'st-btn st-btn--ghost', 'data-testid': 'offer-decline' }, shell.t('decline'));
    const extend = h('button', { type: 'button', className: 'st-btn st-btn--ghost', 'data-testid': 'offer-extend', hidden: true }, shell.t('moreTime'));
    const countdown = h('span', { className: 'st-countdown', role: 'timer', 'data-testid': 'offer-countdown' });
    const li = h('li', {
      className: `st-offer${isCall ? ' st-offer--call' : ''}`, 'data-testid': 'offer-item', 'data-offer-id': o.offerId,
      'data-session-id': o.sessionId || '', 'data-channel': isCall ? 'call' : 'chat',
    },
    h('div', { className: 'st-offer-head' },
      h('span', { className: 'st-offer-icon', 'aria-hidden': 'true' }, isCall ? '📞' : '💬'),
      h('strong', null, heading(o))),
    h('div', { className: 'st-offer-meta' },
      `${shell.t('queue', { queue: o.queue || '—' })} · ${shell.t('language', { language: o.language || '—' })}`),
    !isCall && o.preview ? h('p', { className: 'st-offer-preview', lang: contentLang(o.language) }, o.preview) : null,
    h('div', { className: 'st-offer-actions' }, countdown, accept, decline, extend));
    const node = { li, countdown, extend, accept, offer: o, warnedFor: null };
    accept.addEventListener('click', () => actions.accept(node.offer));
    decline.addEventListener('click', () => actions.decline(node.offer));
    extend.addEventListener('click', async () => {
      extend.disabled = true;
      const extended = await actions.extend(node.offer);
      extend.disabled = false;
      if (extended) announce(shell.t('offerExtendedNotice', { time: formatClock(Math.max(0, secondsUntil(extended.expiresAt, serverNow()) ?? 0)) }));
      // The button goes once no extension is left; keep the keyboard where the operator was working.
      if (extend.hidden || !extended) { if (li.isConnected) accept.focus(); }
    });
    return node;
  }

  /** Draws the offers at `now` (server time, ms); new offers are announced once. */
  function render(offers, now) {
    const live = new Set();
    offers.forEach((o, i) => {
      live.add(o.offerId);
      const sig = `${shell.lang}|${o.preview}|${o.channel}`;
      let node = nodes.get(o.offerId);
      if (node && node.sig !== sig) { node.li.remove(); node = null; }
      if (!node) { node = { ...build(o), sig }; nodes.set(o.offerId, node); }
      node.offer = o;
      const left = Math.max(0, secondsUntil(o.expiresAt, now) ?? 0);
      setText(node.countdown, shell.t('expiresIn', { time: formatClock(left) }));
      node.extend.hidden = !(Number(o.extensionsLeft) > 0);
      if (!announced.has(o.offerId)) {
        announced.add(o.offerId);
        announce(shell.t('offerArrived', { what: heading(o), queue: o.queue || '—', time: formatClock(left) }));
      } else if (left <= WARN_SECONDS && left > 0 && node.warnedFor !== o.expiresAt) {
        node.warnedFor = o.expiresAt;
        announce(shell.t('offerEndingSoon', { what: heading(o), time: formatClock(left) }));
      }
      if (list.children[i] !== node.li) list.insertBefore(node.li, list.children[i] || null);
    });
    for (const [id, node] of nodes) if (!live.has(id)) { node.li.remove(); nodes.delete(id); }
  }

  function reset() {
    for (const node of nodes.values()) node.li.remove();
    nodes.clear();
    announced.clear();
    setText(announcer, '');
  }

  return { list, announcer, render, reset };
}
