// Pure DOM builders for single pieces of the widget (used by the view and by the tests).
// Text from anyone else is only ever set as text; links are built from checked URLs.

import { makeH } from '../shared/dom.js';
import { apiUrl, safeHref } from '../shared/url.js';
import { formatBytes } from '../shared/files.js';
import { formatTime } from '../shared/time.js';
import { t } from '../i18n.js';
import { messageLang } from '../shared/lang.js';

const DELIVERY_KEY = { sending: 'deliverySending', sent: 'deliverySent', failed: 'deliveryFailed' };

export function authorLabel(message, lang, operatorName) {
  if (message.from === 'citizen') return t(lang, 'you');
  if (message.from === 'operator') return operatorName || t(lang, 'operatorDefault');
  return t(lang, 'system');
}

/** The attachment id when `url` is this server's own download address, else null. */
export function ownAttachmentId(url, serverBase) {
  const href = safeHref(url, serverBase);
  const own = apiUrl(serverBase, '/api/attachments/');
  if (!href || !href.startsWith(own) || href.includes('?')) return null;
  const id = href.slice(own.length);
  return /^[A-Za-z0-9._-]{1,200}$/.test(id) ? id : null;
}

/**
 * A download link for an attachment, or a plain text label when its URL is not safe. The server's own files open
 * through a short-lived signed link the view asks for on click (data-attachment-id); the href itself carries no token.
 */
export function renderAttachment(doc, attachment, lang, serverBase) {
  const h = makeH(doc);
  const name = String(attachment.name || 'file');
  const size = Number(attachment.size);
  const label = t(lang, 'attachmentLink', { name, size: Number.isFinite(size) ? formatBytes(size, lang) : '?' });
  const href = safeHref(attachment.url, serverBase);
  if (!href) return h('span', { className: 'gc-attachment gc-attachment--blocked', 'data-testid': 'goschat-attachment' }, label);
  const id = ownAttachmentId(attachment.url, serverBase);
  return h('a', {
    className: 'gc-attachment',
    href,
    target: '_blank',
    rel: 'noopener noreferrer',
    download: name,
    'data-testid': 'goschat-attachment',
    ...(id ? { 'data-attachment-id': id } : {}),
  }, '📎 ', label);
}

/** Builds (or refills) the <li> for one message. */
export function renderMessage(doc, message, { lang, serverBase, operatorName, sessionLanguage }, li) {
  const h = makeH(doc);
  const el = li || h('li', { 'data-testid': 'goschat-message' });
  while (el.firstChild) el.removeChild(el.firstChild);
  el.className = `gc-msg gc-msg--${message.from === 'citizen' || message.from === 'operator' ? message.from : 'system'}`;
  el.dataset.from = message.from;
  el.dataset.delivery = message.delivery;
  if (message.messageId) el.dataset.messageId = message.messageId;
  if (message.clientMessageId) el.dataset.clientMessageId = message.clientMessageId;
  el.appendChild(h('span', { className: 'gc-msg-author' }, authorLabel(message, lang, operatorName)));
  // The text is in the conversation's language, which may differ from the interface's (WCAG 3.1.2).
  const textLang = messageLang(message.from, sessionLanguage);
  if (message.text) el.appendChild(h('p', { className: 'gc-msg-text', 'data-testid': 'goschat-message-text', lang: textLang }, message.text));
  if (message.attachment) el.appendChild(renderAttachment(doc, message.attachment, lang, serverBase));
  const meta = [];
  const time = formatTime(message.sentAt, lang);
  if (time) meta.push(time);
  if (message.from === 'citizen') meta.push(t(lang, DELIVERY_KEY[message.delivery] || 'deliverySent'));
  if (meta.length) el.appendChild(h('span', { className: 'gc-msg-meta', 'data-testid': 'goschat-delivery' }, meta.join(' · ')));
  return el;
}
