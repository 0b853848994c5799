// Browser tests of the web platform (issue 4): headless Debian Chromium
// driven by playwright-core.  Started by run.sh with BASE_URL set; writes
// screenshots into ARTIFACTS; the last line is "browser: N passed, N failed".
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const BASE = process.env.BASE_URL;
const ART = process.env.ARTIFACTS;
const PW = process.env.TEST_PASSWORD;

function totp(secret, offset = 0) {
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret) bits += alpha.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Math.floor(Date.now() / 1000 / 30) + offset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', Buffer.from(bytes)).update(msg).digest();
  const off = mac[19] & 15;
  const code = (mac.readUInt32BE(off) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

function assert(cond, msg) {
  if (!cond) throw new Error('assertion failed: ' + msg);
}

async function login(page, email) {
  await page.goto(BASE + '/login');
  await page.getByLabel(/E-mail/).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PW);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('login_and_dashboard', async (page) => {
  await page.goto(BASE + '/');
  await page.screenshot({ path: path.join(ART, 'home.png'), fullPage: true });
  await login(page, 'sec@example.org');
  await page.waitForURL('**/dashboard');
  const h1 = await page.textContent('h1');
  assert(h1 === 'Dashboard', 'dashboard heading: ' + h1);
  assert((await page.textContent('main')).includes('sec@example.org'), 'user shown');
  // The stylesheet applied (CSP allows 'self' styles): the header is UN blue.
  const bg = await page.$eval('header.site', (e) => getComputedStyle(e).backgroundColor);
  assert(bg === 'rgb(0, 85, 150)', 'header colour ' + bg);
  await page.screenshot({ path: path.join(ART, 'dashboard.png'), fullPage: true });
  const cookies = await page.context().cookies();
  const s = cookies.find((c) => c.name === 'rm_session');
  assert(s && s.httpOnly && s.sameSite === 'Strict', 'session cookie flags');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(BASE + '/');
  await page.goto(BASE + '/dashboard');
  assert(page.url().endsWith('/login'), 'logged out: ' + page.url());
});

test('wrong_password_message', async (page) => {
  await page.goto(BASE + '/login');
  await page.getByLabel(/E-mail/).fill('sec@example.org');
  await page.getByLabel('Password', { exact: true }).fill('not the right one!');
  await page.getByRole('button', { name: 'Log in' }).click();
  const alert = await page.getByRole('alert').textContent();
  assert(alert.includes('incorrect'), 'error shown: ' + alert);
});

test('totp_enrol_and_login', async (page) => {
  await login(page, 'fp@example.org');
  await page.waitForURL('**/dashboard');
  await page.goto(BASE + '/account');
  await page.getByRole('button', { name: 'Set up two-step verification' }).click();
  const secret = (await page.textContent('#totp-secret')).trim();
  assert(/^[A-Z2-7]{32}$/.test(secret), 'secret ' + secret);
  await page.screenshot({ path: path.join(ART, 'totp-enrol.png'), fullPage: true });
  await page.locator('#ecurrent').fill(PW);
  await page.locator('#code').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  assert((await page.textContent('main')).includes('Two-step verification is on.'), 'enabled');
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(page, 'fp@example.org');
  await page.waitForURL('**/login/totp');
  await page.screenshot({ path: path.join(ART, 'totp-login.png'), fullPage: true });
  // The enrolment code's time step is spent: use the next one.
  await page.getByLabel('Six-digit code').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL('**/dashboard');
});

test('switch_to_arabic_rtl', async (page) => {
  await login(page, 'sec@example.org');
  await page.waitForURL('**/dashboard');
  await page.click('a[hreflang="ar"]');
  await page.waitForURL((u) => u.search.includes('lang=ar'));
  const dir = await page.getAttribute('html', 'dir');
  const lang = await page.getAttribute('html', 'lang');
  assert(dir === 'rtl' && lang === 'ar', `dir=${dir} lang=${lang}`);
  assert((await page.textContent('h1')).includes('لوحة المتابعة'), 'Arabic heading');
  // Right to left: the brand sits at the right edge of the header bar.
  const box = await page.locator('a.brand').boundingBox();
  const width = page.viewportSize().width;
  assert(box.x + box.width > width / 2, `brand at x=${box.x} of ${width}`);
  await page.screenshot({ path: path.join(ART, 'dashboard-ar.png'), fullPage: true });
  // The choice sticks (cookie) on the next page.
  await page.goto(BASE + '/account');
  assert((await page.getAttribute('html', 'dir')) === 'rtl', 'still rtl');
  await page.click('a[hreflang="fr"]');
  assert((await page.getAttribute('html', 'dir')) === 'ltr', 'back to ltr');
  await page.screenshot({ path: path.join(ART, 'account-fr.png'), fullPage: true });
});

test('narrow_viewport_six_languages', async (page) => {
  // issue 8 (trial): no page scrolls sideways on a 390-pixel phone screen,
  // in any of the six languages; hints are tied to their fields.
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, 'sec@example.org');
  await page.waitForURL('**/dashboard');
  const bad = [];
  for (const lang of ['ar', 'zh', 'en', 'fr', 'ru', 'es']) {
    for (const p of ['/dashboard', '/account', '/admin/users', '/admin/audit', '/']) {
      await page.goto(`${BASE}${p}?lang=${lang}`);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 390) {
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-scroll'))
          .slice(-3).map((e) => e.tagName + '.' + e.className + '#' + e.id).join(','));
        bad.push(`${lang}${p}: ${w}px (${wide})`);
      }
      const orphans = await page.evaluate(() => [...document.querySelectorAll('.hint')]
        .filter((h) => h.closest('.field') && h.closest('.field').querySelector('input,select'))
        .filter((h) => {
          const f = h.closest('.field').querySelector('input,select');
          return !h.id || !(f.getAttribute('aria-describedby') || '').split(' ').includes(h.id);
        }).length);
      if (orphans) bad.push(`${lang}${p}: ${orphans} hint(s) not tied to their field`);
    }
    if (lang === 'zh' || lang === 'ar')
      await page.screenshot({ path: path.join(ART, `dashboard-390-${lang}.png`), fullPage: true });
  }
  assert(bad.length === 0, bad.join('; '));
});

test('focus_ring_contrast', async (page) => {
  // The focus indicator keeps 3:1 against white and against the UN blue of
  // the header (WCAG 2.2 non-text contrast): one of its two rings does.
  await page.goto(BASE + '/login');
  await page.locator('#email').focus();
  const s = await page.$eval('#email', (e) => {
    const cs = getComputedStyle(e);
    return { outline: cs.outlineColor, width: cs.outlineWidth, style: cs.outlineStyle, shadow: cs.boxShadow };
  });
  const rgb = (t) => (t.match(/\d+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const rings = [rgb(s.outline)];
  if (s.shadow && s.shadow !== 'none') rings.push(rgb(s.shadow));
  assert(s.style !== 'none' && parseFloat(s.width) >= 2, 'outline ' + JSON.stringify(s));
  for (const bg of [[255, 255, 255], [0, 85, 150], [244, 246, 248]]) {
    const best = Math.max(...rings.map((c) => ratio(c, bg)));
    assert(best >= 3, `focus ring ${JSON.stringify(rings)} on ${bg}: ${best.toFixed(2)}:1`);
  }
});

test('keyboard_skip_link', async (page) => {
  await page.goto(BASE + '/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.className);
  assert(focused === 'skip', 'first tab stop is the skip link: ' + focused);
});

test('programme_pages_390_six_languages', async (page) => {
  // issue 8, item 4: the public programme, a drawing event and a country
  // review never scroll sideways on a 390-pixel screen, in any language.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lang of ['ar', 'zh', 'en', 'fr', 'ru', 'es']) {
    for (const p of ['/programme', '/draws/1', '/reviews/FRA']) {
      const resp = await page.goto(`${BASE}${p}?lang=${lang}`);
      assert(resp.status() === 200, `${p} ${lang}: ${resp.status()}`);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 390, `${p} in ${lang} is ${w} px wide`);
    }
    await page.goto(`${BASE}/programme?lang=${lang}`);
    await page.screenshot({ path: path.join(ART, `programme-390-${lang}.png`) });
  }
});

// Before any review begins: it replaces the programme in force (F21, R46).
require('./drawweb.js')(test, { BASE, ART, PW, assert }); // the drawing of lots from the web (issue 12, gap 3)
require('./review.js')(test, { BASE, ART, PW, assert }); // country review responses (issue 9)
test('lots_programme_over_time', async (page) => {
  // issue 12 (lotsev): the Secretariat's pages of the programme over time
  // fit a 390-pixel screen in the six languages; a meeting is recorded
  // through the form and its confirmation step, then offered to the
  // drawing-event forms.
  await login(page, 'sec@example.org');
  await page.waitForURL('**/dashboard');
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lang of ['ar', 'zh', 'en', 'fr', 'ru', 'es']) {
    for (const p of ['/lots/programme', '/lots/manual', '/lots/consider']) {
      const resp = await page.goto(`${BASE}${p}?lang=${lang}`);
      assert(resp.status() === 200, `${p} ${lang}: ${resp.status()}`);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(w <= 390, `${p} in ${lang} is ${w} px wide`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${BASE}/lots/programme?lang=en`);
  const f = page.locator('#meetings form');
  await f.getByLabel('Reference').fill('CTOC/COP/WG.1/2027/9');
  await f.getByLabel('Date (YYYY-MM-DD)').fill('2027-06-01');
  await f.getByLabel('Title').fill('Joint intersessional meeting');
  await f.getByRole('button', { name: 'Record' }).click();
  await page.waitForSelector('#confirm');
  assert((await page.textContent('#confirm')).includes('CTOC/COP/WG.1/2027/9'), 'confirm shows it');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.waitForURL('**/lots/programme?done=meeting');
  assert((await page.textContent('#meetings')).includes('CTOC/COP/WG.1/2027/9'), 'meeting listed');
  // run.sh holds its draw at BROWSER/2026/1: both recorded meetings are offered (C42).
  assert(await page.locator('#join select[name=meeting] option').count() === 2, 'meetings offered');
  assert(await page.locator('#join select[name=meeting] option[value="CTOC/COP/WG.1/2027/9"]')
    .count() === 1, 'the new meeting offered');
  // The drawing of lots itself is prepared at a recorded meeting, chosen from a list.
  await page.goto(`${BASE}/lots?lang=en`);
  assert(await page.locator('#prepare select[name=meeting] option[value="CTOC/COP/WG.1/2027/9"]')
    .count() === 1, 'prepare offers the meeting');
  assert(await page.locator('#prepare a[href="/lots/programme#meetings"]').count() === 1,
    'a link to record a meeting');
  await page.screenshot({ path: path.join(ART, 'lots-programme.png'), fullPage: true });
});
require('./wholereview.js')(test, { BASE, ART, PW, assert }); // a whole review, observations to summary PDF (issue 10)
test('lots_parameters_form', async (page) => {
  // issue 12 (R38): the parameters of the drawing of lots and the workplan
  // versions fit a 390-pixel screen in the six languages (the table
  // scrolls in its region); the Secretariat records a version through the
  // form: the confirmation step, then the new version in force.
  await login(page, 'sec@example.org');
  await page.waitForURL('**/dashboard');
  await page.setViewportSize({ width: 390, height: 844 });
  for (const lang of ['ar', 'zh', 'en', 'fr', 'ru', 'es']) {
    const resp = await page.goto(`${BASE}/lots/parameters?lang=${lang}`);
    assert(resp.status() === 200, `parameters ${lang}: ${resp.status()}`);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(w <= 390, `/lots/parameters in ${lang} is ${w} px wide`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${BASE}/lots/parameters?lang=en`);
  // (A refused form answers 400, which the console reports: the refusals
  // are tests/http/params.py's.)
  const f = page.locator('#record form');
  await f.getByLabel(/Reference of the decision/).fill('CTOC/COP/2026/L.9');
  await f.getByLabel(/Date of the decision/).fill('2026-10-20');
  assert(await f.locator('input[name=load_max]').inputValue() === '3', 'the version in force');
  await page.getByLabel(/Counted redraws/).fill('3');
  await page.locator('#record').getByRole('button', { name: 'Record' }).click();
  await page.waitForSelector('#confirm');
  assert((await page.textContent('#confirm')).includes('CTOC/COP/2026/L.9'), 'confirm shows it');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.waitForURL('**/lots/parameters?done=recorded**');
  const row = page.locator('#versions tr.in-force');
  assert((await row.textContent()).includes('CTOC/COP/2026/L.9'), 'in force');
  assert(await row.locator('td[data-key=redraw_limit]').textContent() === '3', 'redraw limit 3');
  await page.screenshot({ path: path.join(ART, 'lots-parameters.png'), fullPage: true });
});

(async () => {
  let passed = 0;
  let failed = 0;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'revmech-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  for (const t of tests) {
    const page = await ctx.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    try {
      await ctx.clearCookies();
      await t.fn(page);
      assert(problems.length === 0, 'console errors (CSP?): ' + problems.join(' | '));
      passed++;
      console.log('ok   ' + t.name);
    } catch (e) {
      failed++;
      console.log('FAIL ' + t.name + ': ' + (e && e.stack ? e.stack : e));
      try { await page.screenshot({ path: path.join(ART, 'FAIL-' + t.name + '.png') }); } catch (_) { /* ignore */ }
    }
    await page.close();
  }
  await ctx.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log('browser: could not run: ' + e);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
