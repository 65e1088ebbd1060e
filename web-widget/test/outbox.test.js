import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, due, enqueue, nextDueIn, recordFailure, remove, resetTimers, sanitize } from '../src/widget/outbox.js';

test('failures back off exponentially up to 30 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map(backoffMs), [0, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
});

test('an entry keeps its clientMessageId through failures and becomes due again', () => {
  let box = enqueue([], { clientMessageId: 'c1', text: 'hi', createdAt: 100 });
  box = enqueue(box, { clientMessageId: 'c1', text: 'hi', createdAt: 100 });
  assert.equal(box.length, 1);
  assert.deepEqual(due(box, 100).map((e) => e.clientMessageId), ['c1']);
  box = recordFailure(box, 'c1', 1000);
  assert.equal(box[0].attempts, 1);
  assert.equal(due(box, 1500).length, 0);
  assert.equal(nextDueIn(box, 1500), 500);
  assert.deepEqual(due(box, 2000).map((e) => e.clientMessageId), ['c1']);
  box = resetTimers(recordFailure(box, 'c1', 2000), 2100);
  assert.equal(due(box, 2100).length, 1);
  assert.deepEqual(remove(box, 'c1'), []);
  assert.equal(nextDueIn([], 0), null);
});

test('stored outbox is validated', () => {
  assert.deepEqual(sanitize('junk'), []);
  assert.equal(sanitize([{ clientMessageId: 'a', text: 't', createdAt: 1, attempts: 3 }, { text: 'no id' }]).length, 1);
});
