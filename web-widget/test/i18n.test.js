import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strings as widget, pickLanguage, t } from '../src/i18n.js';
import { strings as staff } from '../src/staff/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

for (const [name, table] of [['widget', widget], ['staff', staff]]) {
  test(`${name}: every key exists in Russian and English with the same placeholders`, () => {
    const ru = Object.keys(table.ru).sort();
    const en = Object.keys(table.en).sort();
    assert.deepEqual(ru, en);
    for (const key of ru) {
      assert.ok(table.ru[key].trim(), `ru.${key} empty`);
      assert.ok(table.en[key].trim(), `en.${key} empty`);
      assert.deepEqual(placeholders(table.ru[key]), placeholders(table.en[key]), key);
    }
  });
}

test('every key used in the widget and staff sources is defined', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const root = new URL('../src/', import.meta.url).pathname;
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.js'));
  const missing = [];
  let checked = 0;
  for (const f of files) {
    const src = await readFile(join(root, f), 'utf8');
    const table = f.startsWith('widget') || f === 'i18n.js' ? widget.ru : staff.ru;
    for (const m of src.matchAll(/\b(?:tx\([^,]+,|t\(lang,|shell\.t\(|bindText\([^,]+,)\s*'(\w+)'/g)) {
      checked++;
      if (!(m[1] in table)) missing.push(`${f}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(checked > 60, `only ${checked} keys found: the scan is broken`);
});

test('language comes from data-goschat-lang, then navigator.language, else Russian', () => {
  assert.equal(pickLanguage('en', ['ru-RU']), 'en');
  assert.equal(pickLanguage(null, ['en-US', 'ru']), 'en');
  assert.equal(pickLanguage(null, ['tt-RU']), 'ru');
  assert.equal(pickLanguage(null, ['de-DE']), 'ru');
  assert.equal(t('en', 'ticket', { ticket: '312345678' }), 'Request number: 312345678');
});
