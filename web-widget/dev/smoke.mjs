// Drives the built pages in headless Chromium against dev/mock-server.mjs.
//   node dev/smoke.mjs      (needs /usr/bin/chromium or CHROMIUM_PATH)
import { chromium } from 'playwright-core';
import { startMockServer } from './mock-server.mjs';

const server = await startMockServer(0);
const base = `http://127.0.0.1:${server.port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const failures = [];
const check = (cond, what) => { console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`); if (!cond) failures.push(what); };
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/`);
  const t = (id) => page.locator(`[data-testid="${id}"]`);
  await t('goschat-launcher').click();
  const panel = await t('goschat-panel').boundingBox();
  check(panel && panel.width >= 359, 'panel is full-screen on a 360 px phone');
  await t('goschat-topic').selectOption('');
  await t('goschat-start').click();
  check((await t('goschat-form-error').textContent()).length > 0, 'auto-routing requires a description');
  await t('goschat-text').fill('Не приходит СМС-код');
  await t('goschat-name').fill('Иван');
  await t('goschat-start').click();
  await t('goschat-ticket').filter({ hasText: '3' }).waitFor();
  check(/3\d{8}/.test(await t('goschat-ticket').textContent()), 'ticket shown');
  await t('goschat-operator-joined').waitFor({ state: 'visible' });
  check((await t('goschat-operator-joined').textContent()).includes('Анна'), 'operator joined notice');
  await t('goschat-input').fill('Первое сообщение');
  await t('goschat-input').press('Enter');
  await page.locator('[data-testid="goschat-message"][data-delivery="sent"]', { hasText: 'Первое сообщение' }).waitFor();
  const texts = await t('goschat-message').allTextContents();
  check(texts.filter((x) => x.includes('Первое сообщение')).length === 1, 'sent message shown once');
  check(texts.filter((x) => x.includes('Не приходит СМС-код')).length === 1, 'initial description shown once');
  check(await page.evaluate(() => !window.__pwned), 'operator HTML not executed');
  check(await page.locator('[data-testid="goschat-messages"] img').count() === 0, 'no <img> from message text');
  await page.reload();
  await t('goschat-launcher').click();
  await page.locator('[data-testid="goschat-message"]', { hasText: 'Первое сообщение' }).waitFor();
  const after = await t('goschat-message').allTextContents();
  check(after.filter((x) => x.includes('Первое сообщение')).length === 1, 'after reload: history resumed without duplicates');
  await t('goschat-end').click();
  await t('goschat-end-confirm').click();
  await t('goschat-closed').waitFor({ state: 'visible' });
  await t('goschat-rate-4').click();
  await t('goschat-rate-comment').fill('Спасибо');
  await t('goschat-rate-submit').click();
  await t('goschat-rate-thanks').waitFor({ state: 'visible' });
  check(true, 'end chat (inline confirm) and rating');
  await page.keyboard.press('Escape');
  check(await t('goschat-panel').isHidden(), 'Esc closes the panel');
  check(errors.length === 0, `no page errors (${errors.join('; ')})`);

  const con = await browser.newPage();
  con.on('pageerror', (e) => errors.push(String(e)));
  await con.goto(`${base}/console/`);
  const c = (id) => con.locator(`[data-testid="${id}"]`);
  await c('login-login').fill('anna');
  await c('login-password').fill('wrong');
  await c('login-submit').click();
  await c('login-error').filter({ hasText: /./ }).waitFor();
  await c('login-password').fill('secret');
  await c('login-submit').click();
  await c('presence-select').selectOption('available');
  await con.locator('[data-testid="offer-item"][data-offer-id="o1"]').waitFor();
  const callText = await con.locator('[data-testid="offer-item"][data-channel="call"]').textContent();
  check(callText.includes('📞') && callText.includes('**-67') && !callText.includes('123-45'), 'call offer shown with phone icon and masked caller');
  await con.locator('[data-testid="offer-item"][data-offer-id="o1"] [data-testid="offer-accept"]').click();
  await c('session-tab').first().waitFor();
  check(await con.locator('[data-testid="console-messages"] img').count() === 0, 'console: citizen HTML stays text');
  await c('console-input').fill('Здравствуйте, чем помочь?');
  await c('console-send').click();
  await con.locator('[data-testid="console-message"][data-delivery="sent"]', { hasText: 'чем помочь' }).waitFor();
  check((await con.locator('[data-testid="console-message"]', { hasText: 'чем помочь' }).count()) === 1, 'console: reply shown once');
  await con.locator('[data-testid="console-queue-row"][data-queue="101"]').filter({ hasText: '7' }).waitFor();
  check(true, 'console: QueueStats updates the queue table');

  const sup = await browser.newPage();
  sup.on('pageerror', (e) => errors.push(String(e)));
  await sup.goto(`${base}/supervisor/`);
  await sup.fill('[data-testid="login-login"]', 'anna');
  await sup.fill('[data-testid="login-password"]', 'secret');
  await sup.click('[data-testid="login-submit"]');
  await sup.locator('[data-testid="login-error"]').filter({ hasText: /./ }).waitFor();
  check(true, 'supervisor: operator without the role is refused');
  await sup.fill('[data-testid="login-login"]', 'boss');
  await sup.fill('[data-testid="login-password"]', 'secret');
  await sup.click('[data-testid="login-submit"]');
  await sup.locator('[data-testid="queue-row"]').first().waitFor();
  check(await sup.locator('[data-testid="queue-row"]').count() === 4, 'supervisor: four queue rows');
  check(await sup.locator('svg.st-chart').count() === 3, 'supervisor: three charts');
  check(await sup.locator('[data-testid="job-retry"]').count() === 1, 'supervisor: retry button for a dead job');
  check(await sup.locator('[data-testid="supervisor-jobs"] img').count() === 0, 'supervisor: job error text stays text');
  check(errors.length === 0, `no page errors on staff pages (${errors.join('; ')})`);
} catch (err) {
  failures.push(String(err));
  console.error(err);
} finally {
  await browser.close();
  server.close();
}
console.log(failures.length ? `${failures.length} failed` : 'smoke: all passed');
process.exit(failures.length ? 1 : 0);
