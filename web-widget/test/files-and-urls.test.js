import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../src/shared/files.js';
import { safeHref, resolveServerBase } from '../src/shared/url.js';

test('attachments: PDF, JPG and PNG up to 5 MB only', () => {
  assert.equal(MAX_ATTACHMENT_BYTES, 5 * 1024 * 1024);
  assert.equal(checkAttachment({ name: 'a.pdf', size: 10, type: 'application/pdf' }).ok, true);
  assert.equal(checkAttachment({ name: 'a.JPG', size: 10, type: 'image/jpeg' }).ok, true);
  assert.equal(checkAttachment({ name: 'a.jpeg', size: 10, type: '' }).ok, true);
  assert.equal(checkAttachment({ name: 'a.png', size: MAX_ATTACHMENT_BYTES, type: 'image/png' }).ok, true);
  assert.deepEqual(checkAttachment({ name: 'a.png', size: MAX_ATTACHMENT_BYTES + 1, type: 'image/png' }), { ok: false, reason: 'size' });
  assert.deepEqual(checkAttachment({ name: 'a.gif', size: 10, type: 'image/gif' }), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment({ name: 'a.pdf.exe', size: 10, type: '' }), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment({ name: 'a.pdf', size: 10, type: 'text/html' }), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment({ name: 'a.png', size: 10, type: 'application/pdf' }), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment({ name: 'a.pdf', size: 0, type: 'application/pdf' }), { ok: false, reason: 'empty' });
});

test('links: same-server relative paths and https only', () => {
  const base = 'http://127.0.0.1:5080';
  assert.equal(safeHref('/api/attachments/1', base), 'http://127.0.0.1:5080/api/attachments/1');
  assert.equal(safeHref('https://files.example/x.pdf', base), 'https://files.example/x.pdf');
  assert.equal(safeHref('http://127.0.0.1:5080/a', base), 'http://127.0.0.1:5080/a');
  for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<script>', '//evil.example/x', '/\\evil.example', 'http://evil.example/x', 'vbscript:x', 'https://user:pw@evil.example/', '', null, 42]) {
    assert.equal(safeHref(bad, base), null, String(bad));
  }
});

test('server base: attribute wins, empty falls back to the script origin', () => {
  assert.equal(resolveServerBase('', 'https://help.example'), 'https://help.example');
  assert.equal(resolveServerBase('https://chat.example/', 'https://site.example'), 'https://chat.example');
  assert.equal(resolveServerBase('javascript:alert(1)', 'https://site.example'), 'https://site.example');
});
