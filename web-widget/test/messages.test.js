import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPending, hasHole, markSent, mergeMany, mergeOne, watermark } from '../src/shared/messages.js';

const msg = (id, from, text, sec) => ({ messageId: id, sessionId: 's', from, text, sentAt: `2026-11-23T05:00:${String(sec).padStart(2, '0')}Z` });

test('resume merge by messageId shows nothing twice and keeps server order', () => {
  let list = mergeMany([], [msg('m1', 'citizen', 'a', 1), msg('m2', 'operator', 'b', 2)], 'citizen');
  list = mergeOne(list, msg('m3', 'operator', 'c', 3), 'citizen');
  // a reconnect delivers the whole history again, plus one new message
  list = mergeMany(list, [msg('m1', 'citizen', 'a', 1), msg('m2', 'operator', 'b', 2), msg('m3', 'operator', 'c', 3), msg('m4', 'operator', 'd', 4)], 'citizen');
  assert.deepEqual(list.map((m) => m.messageId), ['m1', 'm2', 'm3', 'm4']);
});

test('a pending message is matched to its stored copy in a snapshot, not shown twice', () => {
  let list = addPending([], { clientMessageId: 'c1', text: 'hello', from: 'citizen', createdAt: 5 });
  list = mergeMany(list, [msg('m1', 'operator', 'hi', 1), msg('m2', 'citizen', 'hello', 2)], 'citizen');
  assert.equal(list.length, 2);
  const mine = list.find((m) => m.clientMessageId === 'c1');
  assert.equal(mine.messageId, 'm2');
  assert.equal(mine.delivery, 'sent');
  assert.equal(mine.key, 'c:c1', 'key is stable so the DOM node is reused');
});

test('an echo arriving before the SendMessage result is merged, then the result confirms', () => {
  let list = addPending([], { clientMessageId: 'c1', text: 'x', from: 'citizen', createdAt: 1 });
  list = mergeOne(list, msg('m1', 'citizen', 'x', 1), 'citizen');
  list = markSent(list, 'c1', 'm1', '2026-11-23T05:00:01Z');
  assert.equal(list.length, 1);
  assert.equal(list[0].messageId, 'm1');
});

test('an echo that names its clientMessageId matches exactly', () => {
  let list = addPending([], { clientMessageId: 'c1', text: 'x', from: 'citizen', createdAt: 1 });
  list = mergeOne(list, { ...msg('m1', 'citizen', 'x', 1), clientMessageId: 'c1' }, 'citizen');
  assert.equal(list.length, 1);
});

test('two identical texts matched the other way round swap ids and stay two', () => {
  let list = addPending([], { clientMessageId: 'a', text: 'same', from: 'citizen', createdAt: 1 });
  list = addPending(list, { clientMessageId: 'b', text: 'same', from: 'citizen', createdAt: 2 });
  list = mergeOne(list, msg('m2', 'citizen', 'same', 2), 'citizen'); // echo of b lands on a
  list = mergeOne(list, msg('m1', 'citizen', 'same', 1), 'citizen'); // echo of a lands on b
  list = markSent(list, 'a', 'm1', '2026-11-23T05:00:01Z');
  list = markSent(list, 'b', 'm2', '2026-11-23T05:00:02Z');
  assert.equal(list.length, 2);
  assert.deepEqual(list.map((m) => m.messageId).sort(), ['m1', 'm2']);
});

test('a late echo after the result does not duplicate', () => {
  let list = addPending([], { clientMessageId: 'c1', text: 'x', from: 'citizen', createdAt: 1 });
  list = markSent(list, 'c1', 'm1', '2026-11-23T05:00:01Z');
  list = mergeOne(list, msg('m1', 'citizen', 'x', 1), 'citizen');
  assert.equal(list.length, 1);
});

test('unsent messages stay after acknowledged ones', () => {
  let list = addPending([], { clientMessageId: 'c1', text: 'late', from: 'citizen', createdAt: 0 });
  list = mergeMany(list, [msg('m1', 'operator', 'first', 1)], 'citizen');
  assert.deepEqual(list.map((m) => m.text), ['first', 'late']);
});

const numbered = (id, from, text, sec, seq) => ({ ...msg(id, from, text, sec), seq });

test('a message pushed, fetched after a gap and replayed in a snapshot shows once, with its sequence number', () => {
  let list = mergeOne([], numbered('m1', 'operator', 'a', 1, 1), 'citizen');
  list = mergeMany(list, [numbered('m1', 'operator', 'a', 1, 1), numbered('m2', 'citizen', 'b', 2, 2)], 'citizen');
  list = mergeMany(list, [numbered('m2', 'citizen', 'b', 2, 2)], 'citizen');
  list = mergeOne(list, numbered('m2', 'citizen', 'b', 2, 2), 'citizen');
  assert.deepEqual(list.map((m) => [m.messageId, m.seq]), [['m1', 1], ['m2', 2]]);
});

test('messages fetched after newer ones were pushed take their place by sequence number, not arrival', () => {
  let list = mergeOne([], numbered('m1', 'citizen', 'a', 1, 1), 'citizen');
  list = mergeOne(list, numbered('m3', 'operator', 'c', 2, 3), 'citizen'); // m2 was lost in a gap
  // the clocks of two nodes may disagree by a second: the number decides the order
  list = mergeMany(list, [numbered('m2', 'operator', 'b', 3, 2), numbered('m3', 'operator', 'c', 2, 3)], 'citizen');
  assert.deepEqual(list.map((m) => m.messageId), ['m1', 'm2', 'm3']);
});

test('the watermark is the last number up to which nothing is missing; a later number is a hole', () => {
  assert.equal(watermark([]), 0);
  let list = mergeMany([], [numbered('m1', 'citizen', 'a', 1, 1), numbered('m2', 'operator', 'b', 2, 2)], 'citizen');
  assert.equal(watermark(list), 2);
  assert.equal(hasHole(list), false);
  list = mergeOne(list, numbered('m4', 'operator', 'd', 4, 4), 'citizen');
  assert.equal(watermark(list), 2, 'm3 is missing');
  assert.equal(hasHole(list), true);
  list = addPending(list, { clientMessageId: 'c9', text: 'typing…', from: 'citizen', createdAt: 9 });
  assert.equal(watermark(list), 2, 'unacknowledged messages have no number yet');
  list = mergeOne(list, numbered('m3', 'operator', 'c', 3, 3), 'citizen');
  assert.equal(watermark(list), 4);
  assert.equal(hasHole(list), false);
});

test('the SendMessage result gives our message its number', () => {
  let list = addPending([], { clientMessageId: 'c1', text: 'x', from: 'citizen', createdAt: 1 });
  list = markSent(list, 'c1', 'm1', '2026-11-23T05:00:01Z', 1);
  assert.equal(list[0].seq, 1);
  assert.equal(watermark(list), 1);
});
