// Chat to voice in the widget: when the operator asks to call (citizen hub event CallPhoneRequested), the citizen gives
// or confirms a phone number; ConfirmCallPhone(phone) sends it (empty = the number given at the start). The number is
// never stored in the browser.

import { t } from '../i18n.js';

/**
 * A small form inside the widget: hidden until `show(event)`. `invoke(method, ...args)` is the hub's invoke;
 * `lang()` the current language.
 */
export function createCallPrompt({ doc, invoke, lang }) {
  const el = (tag, props = {}, ...children) => {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'className') node.className = v; else node.setAttribute(k, v);
    }
    children.forEach((c) => node.append(c));
    return node;
  };
  const text = el('p', { id: 'gc-call-text' });
  const input = el('input', { type: 'tel', id: 'gc-call-phone', autocomplete: 'tel', maxlength: '30', 'data-testid': 'call-phone' });
  const label = el('label', { for: 'gc-call-phone' });
  const confirm = el('button', { type: 'submit', className: 'gc-btn', 'data-testid': 'call-confirm' });
  const status = el('p', { role: 'status', 'data-testid': 'call-status' });
  const form = el('form', { className: 'gc-call-prompt', 'aria-labelledby': 'gc-call-text', 'data-testid': 'call-prompt' },
    text, label, input, confirm, status);
  form.hidden = true;

  const render = (given) => {
    const l = lang();
    text.textContent = given ? t(l, 'callPromptConfirm', { phone: given }) : t(l, 'callPromptGive');
    label.textContent = t(l, 'callPhoneLabel');
    confirm.textContent = t(l, 'callConfirm');
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    confirm.disabled = true;
    try {
      await invoke('ConfirmCallPhone', input.value.trim());
      status.textContent = t(lang(), 'callComing');
      input.value = '';
      input.disabled = true;
    } catch {
      status.textContent = t(lang(), 'callPhoneInvalid');
      confirm.disabled = false;
      input.focus();
    }
  });

  return {
    form,
    show(event) {
      render(event && event.phone);
      status.textContent = '';
      input.disabled = false;
      confirm.disabled = false;
      form.hidden = false;
      input.focus();
    },
  };
}
