import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createController } from '../src/widget/controller.js';
import { createPersist } from '../src/widget/persist.js';
import { FakeHub, manualTimers, memoryStorage, flush, jsonResponse } from './support.js';

const BASE = 'https://help.example';
const STARTED = { sessionId: 's1', resumeToken: 'tok-1', ticket: '312345678', queue: '101', state: 'queued', position: 2, estimatedWaitSeconds: 60 };

function setup({ storage = memoryStorage(), hub = new FakeHub(), fetchFn, signedUser = null } = {}) {
  let clock = 1_000_000;
  let ids = 0;
  const timers = manualTimers();
  const persist = createPersist(storage, BASE);
  const c = createController({
    serverBase: BASE,
    hub,
    fetchFn: fetchFn || (async () => jsonResponse(200, { now: '', timeZone: 'Europe/Moscow', queues: [] })),
    persist,
    timers,
    now: () => clock,
    uiLang: 'ru',
    idFactory: () => `cid-${++ids}`,
    signedUser,
  });
  return { c, hub, timers, storage, persist, advance: (ms) => { clock += ms; } };
}

test('StartSession sends the form without topic when auto-routing, and stores the resume token', async () => {
  const { c, hub, persist } = setup();
  hub.responders.StartSession = () => STARTED;
  await c.startSession({ topic: '', text: '  не могу войти ', language: 'tt', kind: 'complaint', name: ' Айгуль ', phone: '' });
  const [, request] = hub.calls.find((x) => x[0] === 'StartSession');
  assert.deepEqual(request, { text: 'не могу войти', language: 'tt', kind: 'complaint', name: 'Айгуль' });
  assert.equal(c.state.phase, 'queued');
  assert.equal(persist.load().resumeToken, 'tok-1');
});

test('a failed send is retried with the same clientMessageId and shown once', async () => {
  const { c, hub, timers, advance } = setup();
  hub.responders.StartSession = () => STARTED;
  await c.startSession({ topic: '102' });
  let attempts = 0;
  hub.responders.SendMessage = () => {
    attempts++;
    if (attempts < 3) throw new Error('Invocation canceled due to the underlying connection being closed.');
    return { messageId: 'm1', sentAt: '2026-11-23T05:00:00Z' };
  };
  assert.equal(c.send('Здравствуйте'), true);
  await flush();
  assert.equal(c.state.messages[0].delivery, 'failed');
  advance(1000); await timers.runAll();
  advance(2000); await timers.runAll();
  const sends = hub.calls.filter((x) => x[0] === 'SendMessage');
  assert.equal(sends.length, 3);
  assert.ok(sends.every((x) => x[2] === 'cid-1'), 'same clientMessageId every time');
  assert.equal(c.state.messages.length, 1);
  assert.equal(c.state.messages[0].delivery, 'sent');
  assert.equal(c.outbox.length, 0);
});

test('messages typed while offline are kept and sent after reconnect', async () => {
  const { c, hub } = setup();
  hub.responders.StartSession = () => STARTED;
  hub.responders.ResumeSession = () => ({ ...STARTED, messages: [] });
  hub.responders.SendMessage = (text, id) => ({ messageId: `m-${id}`, sentAt: '2026-11-23T05:00:00Z' });
  await c.startSession({ topic: '101' });
  hub.drop();
  c.send('one');
  c.send('two');
  await flush();
  assert.equal(hub.calls.filter((x) => x[0] === 'SendMessage').length, 0);
  assert.equal(c.outbox.length, 2);
  hub.reconnect();
  await flush(); await flush();
  assert.deepEqual(hub.calls.find((x) => x[0] === 'ResumeSession'), ['ResumeSession', 'tok-1']);
  const sent = hub.calls.filter((x) => x[0] === 'SendMessage').map((x) => [x[1], x[2]]);
  assert.deepEqual(sent, [['one', 'cid-1'], ['two', 'cid-2']]);
  assert.ok(c.state.messages.every((m) => m.delivery === 'sent'));
});

test('after a reload the stored token is resumed, history merged, and unsent messages retried with their ids', async () => {
  const storage = memoryStorage();
  {
    const { c, hub } = setup({ storage });
    hub.responders.StartSession = () => STARTED;
    await c.startSession({ topic: '101' });
    hub.isConnected = false; // network gone before the send
    c.send('lost?');
    await flush();
    c.dispose();
  }
  const hub2 = new FakeHub();
  hub2.responders.ResumeSession = () => ({
    sessionId: 's1', ticket: '312345678', queue: '101', state: 'active', operatorName: 'Анна',
    messages: [{ messageId: 'm0', sessionId: 's1', from: 'operator', text: 'Здравствуйте', sentAt: '2026-11-23T05:00:00Z' }],
  });
  hub2.responders.SendMessage = () => ({ messageId: 'm1', sentAt: '2026-11-23T05:00:05Z' });
  const { c } = setup({ storage, hub: hub2 });
  await c.init();
  await flush(); await flush();
  assert.equal(c.state.phase, 'active');
  assert.deepEqual(hub2.calls.find((x) => x[0] === 'SendMessage'), ['SendMessage', 'lost?', 'cid-1']);
  assert.deepEqual(c.state.messages.map((m) => m.text), ['Здравствуйте', 'lost?']);
  // the server replays history on the next reconnect: still no duplicates
  hub2.responders.ResumeSession = () => ({
    sessionId: 's1', state: 'active', messages: [
      { messageId: 'm0', sessionId: 's1', from: 'operator', text: 'Здравствуйте', sentAt: '2026-11-23T05:00:00Z' },
      { messageId: 'm1', sessionId: 's1', from: 'citizen', text: 'lost?', sentAt: '2026-11-23T05:00:05Z' }],
  });
  hub2.drop(); hub2.reconnect();
  await flush(); await flush();
  assert.equal(c.state.messages.length, 2);
});

test('an unknown resume token (server error) returns to the pre-chat form and forgets the token', async () => {
  const storage = memoryStorage();
  createPersist(storage, BASE).save({ resumeToken: 'old', outbox: [] });
  const hub = new FakeHub();
  hub.responders.ResumeSession = () => { throw new Error("An unexpected error occurred invoking 'ResumeSession' on the server. HubException: Session not found"); };
  const { c, persist } = setup({ storage, hub });
  await c.init();
  await flush(); await flush();
  assert.equal(c.state.phase, 'prechat');
  assert.equal(persist.load().resumeToken, null);
});

test('hub errors show the server’s message text', async () => {
  const { c, hub } = setup();
  hub.responders.StartSession = () => { throw new Error("An unexpected error occurred invoking 'StartSession' on the server. HubException: Слишком много обращений, попробуйте позже"); };
  await c.startSession({ topic: '101' });
  assert.equal(c.state.phase, 'prechat');
  assert.deepEqual(c.state.error, { text: 'Слишком много обращений, попробуйте позже' });
});

test('uploads: bad files are refused before any request; 404 is reported as not available', async () => {
  const requests = [];
  const fetchFn = async (url, init) => {
    requests.push([url, init]);
    if (url.endsWith('/api/status')) return jsonResponse(200, { queues: [] });
    return jsonResponse(404, { title: 'Not Found' });
  };
  const { c, hub } = setup({ fetchFn });
  hub.responders.StartSession = () => STARTED;
  await c.startSession({ topic: '101' });
  assert.equal(await c.upload({ name: 'virus.exe', size: 10, type: 'application/x-msdownload' }), false);
  assert.equal(c.state.error.key, 'fileTypeError');
  assert.equal(await c.upload({ name: 'scan.pdf', size: 5 * 1024 * 1024 + 1, type: 'application/pdf' }), false);
  assert.equal(c.state.error.key, 'fileSizeError');
  assert.equal(requests.filter(([u]) => u.includes('/attachments')).length, 0);
  const file = new Blob(['%PDF-1.4'], { type: 'application/pdf' });
  file.name = 'scan.pdf';
  assert.equal(await c.upload(Object.assign(file, { name: 'scan.pdf' })), false);
  const [url, init] = requests.find(([u]) => u.includes('/attachments'));
  assert.equal(url, `${BASE}/api/sessions/s1/attachments`);
  assert.equal(init.headers['X-Resume-Token'], 'tok-1');
  assert.ok(init.body.get('file'));
  assert.equal(c.state.error.key, 'uploadUnavailable');
});

test('close then rate: CloseSession, Rate(score, comment), token forgotten', async () => {
  const { c, hub, persist } = setup();
  hub.responders.StartSession = () => STARTED;
  await c.startSession({ topic: '101' });
  await c.closeSession();
  assert.equal(c.state.phase, 'closed');
  await c.rate(4, ' спасибо ');
  assert.deepEqual(hub.calls.find((x) => x[0] === 'Rate'), ['Rate', 4, 'спасибо']);
  assert.deepEqual(c.state.rating, { score: 4 });
  assert.equal(persist.load().resumeToken, null);
});

test('the signed user of the widget tag goes with StartSession', async () => {
  const user = { id: 'user-42', expires: '1795417200', signature: 'ab'.repeat(32) };
  const { c, hub } = setup({ signedUser: user });
  hub.responders.StartSession = () => STARTED;
  await c.startSession({ topic: '101', phone: '+7 916 555-12-34' });
  const [, request] = hub.calls.find((x) => x[0] === 'StartSession');
  assert.deepEqual(request.user, user);
});

test('the resume token is forgotten as soon as the session closes, by the operator or the citizen', async () => {
  const { c, hub, persist } = setup();
  hub.responders.StartSession = () => STARTED;
  await c.startSession({ topic: '101' });
  assert.equal(persist.load().resumeToken, 'tok-1');
  hub.emit('SessionClosed', { sessionId: 's1', reason: 'operator' });
  assert.equal(c.state.phase, 'closed');
  assert.equal(persist.load().resumeToken, null);
  assert.equal(c.resumeToken, undefined, 'nothing exposes the token');
});

test('attachment links are asked from the server for this session and used as given', async () => {
  const { c, hub } = setup();
  hub.responders.StartSession = () => STARTED;
  hub.responders.GetAttachmentLink = (id) => ({ url: `/api/attachments/${id}?expires=1&sig=abc`, expiresAt: '2026-11-23T05:05:00Z' });
  await c.startSession({ topic: '101' });
  assert.equal(await c.attachmentLink('s1.ab'), `${BASE}/api/attachments/s1.ab?expires=1&sig=abc`);
  assert.deepEqual(hub.calls.find((x) => x[0] === 'GetAttachmentLink'), ['GetAttachmentLink', 's1.ab']);
});

const at = (sec) => `2026-11-23T05:00:${String(sec).padStart(2, '0')}Z`;
const numbered = (id, from, text, seq) => ({ messageId: id, sessionId: 's1', from, text, sentAt: at(seq), seq });

test('on Resync the widget fetches what it missed after its watermark and shows each message once', async () => {
  const { c, hub, timers } = setup();
  hub.responders.StartSession = () => ({ ...STARTED, state: 'active' });
  await c.startSession({ topic: '101' });
  c.dispatch({ type: 'operatorJoined', operatorName: 'Анна' });
  hub.emit('Message', numbered('m1', 'operator', 'Здравствуйте', 1));
  hub.emit('Message', numbered('m2', 'operator', 'Чем помочь?', 2));
  // m3 and m4 were published while this node's backplane subscription was down
  hub.responders.GetMessages = (afterSeq) => [numbered('m3', 'operator', 'Вы здесь?', 3), numbered('m4', 'operator', 'Жду ответа', 4)].filter((m) => m.seq > afterSeq);
  hub.emit('Resync', {});
  await timers.runAll();
  assert.deepEqual(hub.calls.filter((x) => x[0] === 'GetMessages'), [['GetMessages', 2]]);
  hub.emit('Message', numbered('m4', 'operator', 'Жду ответа', 4)); // a late push of the same message
  assert.deepEqual(c.state.messages.map((m) => m.messageId), ['m1', 'm2', 'm3', 'm4']);
});

test('after a reconnect the widget re-binds with ResumeSession, then fetches what came after the snapshot', async () => {
  const { c, hub, timers } = setup();
  hub.responders.StartSession = () => ({ ...STARTED, state: 'active' });
  await c.startSession({ topic: '101' });
  hub.responders.ResumeSession = () => ({ ...STARTED, state: 'active', messages: [numbered('m1', 'operator', 'a', 1)] });
  hub.responders.GetMessages = (afterSeq) => [numbered('m1', 'operator', 'a', 1), numbered('m2', 'operator', 'b', 2)].filter((m) => m.seq > afterSeq);
  hub.drop();
  hub.reconnect();
  await flush(); await flush();
  await timers.runAll();
  const calls = hub.calls.map((x) => x[0]).filter((n) => n === 'ResumeSession' || n === 'GetMessages');
  assert.deepEqual(calls, ['ResumeSession', 'GetMessages']);
  assert.deepEqual(hub.calls.find((x) => x[0] === 'GetMessages'), ['GetMessages', 1]);
  assert.deepEqual(c.state.messages.map((m) => m.messageId), ['m1', 'm2']);
});

test('while queued, a Resync also re-reads the session: an operator who joined during the gap is shown', async () => {
  const { c, hub, timers } = setup();
  hub.responders.StartSession = () => STARTED;
  await c.startSession({ topic: '101' });
  assert.equal(c.state.phase, 'queued');
  hub.responders.ResumeSession = () => ({ ...STARTED, state: 'active', operatorName: 'Анна', messages: [numbered('m1', 'operator', 'Здравствуйте', 1)] });
  hub.responders.GetMessages = () => [];
  hub.emit('Resync', {});
  await timers.runAll();
  assert.equal(c.state.phase, 'active');
  assert.equal(c.state.session.operatorName, 'Анна');
  assert.deepEqual(c.state.messages.map((m) => m.text), ['Здравствуйте']);
});

test('a pushed message that skips a number makes the widget fetch the one in between', async () => {
  const { c, hub, timers } = setup();
  hub.responders.StartSession = () => ({ ...STARTED, state: 'active' });
  await c.startSession({ topic: '101' });
  hub.responders.GetMessages = (afterSeq) => [numbered('m1', 'operator', 'a', 1), numbered('m2', 'operator', 'b', 2), numbered('m3', 'operator', 'c', 3)].filter((m) => m.seq > afterSeq);
  hub.emit('Message', numbered('m1', 'operator', 'a', 1));
  hub.emit('Message', numbered('m3', 'operator', 'c', 3));
  await timers.runAll();
  assert.deepEqual(hub.calls.filter((x) => x[0] === 'GetMessages'), [['GetMessages', 1]]);
  assert.deepEqual(c.state.messages.map((m) => m.messageId), ['m1', 'm2', 'm3']);
});
