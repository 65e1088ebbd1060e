import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleText, todaysHours, formatWindows } from '../src/widget/schedule.js';

const queue = (id, chat, phone) => ({ id, state: 'online', hours: phone === undefined ? { chat } : { chat, phone } });
const status = (...queues) => ({ timeZone: 'Europe/Moscow', queues });

test('the configured hours of the chosen queue, in Russian and English', () => {
  const s = status(queue('101', ['09:00-21:00'], ['09:00-21:00']), queue('102', ['08:00-20:00'], ['09:00-20:00']));
  assert.equal(scheduleText(s, '102', 'ru', 0), 'Сегодня: чат 08:00–20:00, телефон 09:00–20:00 (время московское).');
  assert.equal(scheduleText(s, '102', 'en', 0), 'Today: chat 08:00–20:00, phone 09:00–20:00 (Moscow time).');
  assert.equal(scheduleText(s, '101', 'en', 0), 'Today: chat 09:00–21:00, phone 09:00–21:00 (Moscow time).');
});

test('a closed day says so; several windows are listed', () => {
  const s = status(queue('102', [], ['10:00-18:00']), queue('101', ['08:00-12:00', '13:00-17:00'], []));
  assert.equal(scheduleText(s, '102', 'ru', 0), 'Сегодня: чат не работает, телефон 10:00–18:00 (время московское).');
  assert.equal(scheduleText(s, '101', 'en', 0), 'Today: chat 08:00–12:00, 13:00–17:00, phone closed (Moscow time).');
});

test('no topic chosen: one line when every queue keeps the same hours, else a line per queue', () => {
  const same = status(queue('101', ['08:00-20:00'], ['08:00-20:00']), queue('102', ['08:00-20:00'], ['08:00-20:00']));
  assert.equal(scheduleText(same, '', 'en', 0), 'Today: chat 08:00–20:00, phone 08:00–20:00 (Moscow time).');
  const differ = status(queue('101', ['00:00-24:00'], ['00:00-24:00']), queue('104', ['08:00-20:00'], ['08:00-20:00']));
  assert.equal(scheduleText(differ, '', 'en', 0),
    'Today: Signing in and technical problems — chat 00:00–24:00, phone 00:00–24:00; Feedback and suggestions — chat 08:00–20:00, phone 08:00–20:00 (Moscow time).');
});

test('the chat hours in the citizen\'s own time when their zone differs', () => {
  const s = status(queue('101', ['08:00-20:00'], ['08:00-20:00']));
  assert.equal(scheduleText(s, '101', 'ru', 120),
    'Сегодня: чат 08:00–20:00, телефон 08:00–20:00 (время московское). Чат по вашему времени: 10:00–22:00.');
  assert.equal(formatWindows(['22:00-24:00'], 'en', 60), '23:00–01:00');
});

test('another zone is named; a phone list missing means the chat\'s', () => {
  const s = { timeZone: 'Asia/Yekaterinburg', queues: [queue('101', ['09:00-18:00'])] };
  assert.equal(scheduleText(s, '101', 'en', 0), 'Today: chat 09:00–18:00, phone 09:00–18:00 (Asia/Yekaterinburg time).');
});

test('no status, or a server that sends no hours: no schedule text (never a made-up one)', () => {
  assert.equal(scheduleText(null, '', 'ru', 0), '');
  assert.equal(scheduleText(status({ id: '101', state: 'online' }), '', 'ru', 0), '');
  assert.equal(todaysHours(status(queue('101', ['bad'], ['08:00-20:00'])), '101')[0].chat.length, 0);
});
