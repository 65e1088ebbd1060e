import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { createCallPrompt } from '../src/widget/callprompt.js';
import { requestCall } from '../src/console/calls.js';
import { strings } from '../src/i18n.js';
import { flush } from './support.js';

test('the console asks the hub to call the session\'s citizen and says so, or shows the refusal', async () => {
  const calls = [];
  const said = [];
  const hub = { invoke: async (...args) => { calls.push(args); } };
  assert.equal(await requestCall(hub, 's-1', (k) => said.push(k), () => assert.fail('no error')), true);
  assert.deepEqual(calls, [['RequestCall', 's-1']]);
  assert.deepEqual(said, ['callRequested']);

  const failed = [];
  const refusing = { invoke: async () => { throw new Error('HubException: calls_unavailable: No telephony platform'); } };
  assert.equal(await requestCall(refusing, 's-1', () => assert.fail('not said'), (e) => failed.push(e.message)), false);
  assert.match(failed[0], /calls_unavailable/);
});

test('the widget shows the prompt on CallPhoneRequested with the masked number, and sends the typed or confirmed one', async () => {
  const doc = new Window().document;
  const calls = [];
  let refuse = true;
  const prompt = createCallPrompt({ doc, lang: () => 'ru', invoke: async (...args) => { calls.push(args); if (refuse) throw new Error('bad_phone'); } });
  doc.body.appendChild(prompt.form);
  assert.equal(prompt.form.hidden, true, 'hidden until the operator asks');

  prompt.show({ sessionId: 's-1', phone: '*******1234' });
  assert.equal(prompt.form.hidden, false);
  assert.match(prompt.form.textContent, /\*\*\*\*\*\*\*1234/);
  const input = prompt.form.querySelector('[data-testid="call-phone"]');
  const status = prompt.form.querySelector('[data-testid="call-status"]');

  input.value = 'call me maybe';
  prompt.form.dispatchEvent(new doc.defaultView.Event('submit', { cancelable: true }));
  await flush();
  assert.equal(status.textContent, strings.ru.callPhoneInvalid, 'a refused number is said, the form stays');
  assert.equal(input.disabled, false);

  refuse = false;
  input.value = ' 8 926 111-22-33 ';
  prompt.form.dispatchEvent(new doc.defaultView.Event('submit', { cancelable: true }));
  await flush();
  assert.deepEqual(calls.at(-1), ['ConfirmCallPhone', '8 926 111-22-33']);
  assert.equal(status.textContent, strings.ru.callComing);
  assert.equal(input.value, '', 'the number is not kept in the page');
});

test('every call prompt text exists in Russian and English', () => {
  for (const key of ['callPromptGive', 'callPromptConfirm', 'callPhoneLabel', 'callConfirm', 'callComing', 'callPhoneInvalid']) {
    assert.ok(strings.ru[key] && strings.en[key], key);
  }
});
