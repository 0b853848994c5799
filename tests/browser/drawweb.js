// Browser test of the drawing of lots from the web (issue 12, audit gap 3;
// R47-R68, R51, C42, C45): the Secretariat sees the roster preview (who is
// left out, and why), prepares a drawing event whose seed commitment the
// public programme announces before the draw, holds it through the
// confirmation step (the seed revealed on the drawing-event page), finds
// the public programme updated at once, and records a redraw request
// through its confirmation step.  It runs before any review begins (test.js
// loads it first): a programme whose reviews have begun is never replaced
// (F21, R46).  The seed is fixed (and the roster is the one run.sh leaves),
// so the draw and the redraw are the same at every run: the redraw asked here is known to be
// honoured (para 28 d), and the test asserts that it was.  Then an opt-out
// recorded after the draw (C34, /lots/optout) is applied at the meeting
// through its confirmation step: the State reviews no one any more in the
// public programme.  Last, a drawing event that assigns the cohorts only
// (C3, /lots/cohorts), then cohort 1's reviewers at the meeting.  Loaded
// by test.js.
'use strict';
const crypto = require('crypto');
const path = require('path');
const { request } = require('playwright-core');

module.exports = (test, { BASE, ART, PW, assert }) => {
  async function signIn(page, email) {
    await page.goto(BASE + '/login');
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PW);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL('**/dashboard');
  }

  test('lots_prepare_hold_redraw_from_the_web', async (page) => {
    const t0 = Date.now();
    await signIn(page, 'sec@example.org');
    await page.goto(`${BASE}/lots?lang=en`);
    // The roster preview: its hash and who is left out, with the reason.
    assert(/^[0-9a-f]{64}$/.test((await page.textContent('#roster-hash')).trim()), 'roster hash');
    const left = await page.locator('#left-out li').allTextContents();
    assert(left.length > 0 && left.every((t) => t.trim().length > 3), 'left out, and why: ' + left);
    // Prepare: our own seed; only its commitment goes on.  Fixed, so that
    // the redraw below is the same at every run (and honoured).
    // 32 different bytes: a typed seed of fewer than 8 is refused (F12).
    const seed = [...Array(32).keys()].map((i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0')).join('');
    const com = crypto.createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
    const f = page.locator('#prepare form');
    await f.locator('input[name="seed"]').fill(seed);
    await f.getByRole('button', { name: 'Prepare' }).click();
    await page.waitForSelector('#confirm');
    const conf = await page.textContent('#confirm');
    assert(conf.includes(com) && !conf.includes(seed), 'the confirmation shows the commitment, not the seed');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/lots?done=prepared');
    const art = page.locator('#ceremonies article[data-status="prepared"]').last();
    const shown = await art.textContent();
    assert(shown.includes(com), 'the commitment (SHA-256 of the seed) is shown');
    // The public programme announces the commitment before the draw.
    // Read by someone not signed in (no cookies).
    const anon = await request.newContext({ baseURL: BASE });
    const ann = await (await anon.get('/programme?lang=en')).text();
    assert(ann.includes(com) && !ann.includes(seed), 'the commitment announced publicly, not the seed');
    // Hold: the seed revealed, through the confirmation step.
    await art.locator('input[name="seed"]').fill(seed);
    const sup = art.locator('input[name="supersede"]');
    if (await sup.count()) await sup.check();
    await art.getByRole('button', { name: 'Hold the drawing of lots' }).click();
    await page.waitForSelector('#confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/lots?done=held');
    // The public programme and the drawing-event page follow at once.
    const after = await (await anon.get('/programme?lang=en')).text();
    const annAfter = (after.split('id="announced"')[1] || '').split('</section>')[0];
    assert(!annAfter.includes(com), 'the event held is no longer announced');
    const ids = [...after.matchAll(/href="\/draws\/(\d+)"/g)].map((m) => +m[1]);
    assert(ids.length > 0, 'the programme links its drawing event');
    const last = ids.sort((a, b) => b - a)[0];
    await page.goto(`${BASE}/draws/${last}?lang=en`);
    const ev = await page.textContent('main');
    assert(ev.includes(seed), 'the seed is revealed on the drawing-event page');
    await page.screenshot({ path: path.join(ART, 'lots-draw-event.png'), fullPage: true });
    // A redraw request through the confirmation step.
    const prog = await (await anon.get('/api/v1/programme')).json();
    const rv = prog.reviews.find((r) => r.reviewers.some((v) => v.role !== 'additional'));
    assert(rv, 'a review in the new programme');
    const old = rv.reviewers.find((v) => v.role !== 'additional').state;
    await anon.dispose();
    await page.goto(`${BASE}/lots?lang=en`);
    const r = page.locator('#redraw form');
    await r.locator('input[name="reviewed"]').fill(rv.reviewed);
    await r.locator('input[name="replace"]').fill(old);
    await r.locator('input[name="requested_by"]').fill(rv.reviewed);
    await r.locator('select[name="reason"]').selectOption('language');
    await r.getByRole('button', { name: 'Record' }).click();
    await page.waitForSelector('#confirm');
    const rc = await page.textContent('#confirm');
    assert(rc.includes(rv.reviewed) && rc.includes(old), 'the request is shown to confirm');
    await page.screenshot({ path: path.join(ART, 'lots-redraw-confirm.png'), fullPage: true });
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/lots?done=redraw*');
    const a = await request.newContext({ baseURL: BASE });
    const p2 = await (await a.get('/api/v1/programme')).json();
    const role = rv.reviewers.find((w) => w.state === old).role;
    const r2 = p2.reviews.find((x) => x.reviewed === rv.reviewed && x.year === rv.year);
    const now = r2 && r2.reviewers.find((v) => v.role === role && v.state !== old);
    assert(r2 && !r2.reviewers.some((v) => v.state === old && v.role === role) && now,
      'the public programme shows the redraw at once: ' + JSON.stringify(r2));
    // C34: a reviewing State opts out of being a reviewer after the draw;
    // recorded with its date and source, applied at the meeting at once.
    const x = p2.reviews.map((v) => v.reviewers.find((w) => w.role === 'other_region'))
      .filter((w) => w && w.state !== 'FRA' && w.state !== now.state)[0].state;
    await page.goto(`${BASE}/lots/optout?lang=en`);
    const o = page.locator('#optout form');
    await o.locator('input[name="state"]').fill(x);
    await o.locator('select[name="choice"]').selectOption('not_reviewer');
    await o.locator('input[name="date"]').fill('2026-11-20');
    await o.locator('input[name="source"]').fill('Note verbale of 20 November 2026');
    await o.locator('select[name="apply"]').selectOption('now');
    await o.getByRole('button', { name: 'Record' }).click();
    await page.waitForSelector('#confirm');
    const oc = await page.textContent('#confirm');
    assert(oc.includes(x) && oc.includes('Not a reviewer') && oc.includes('Note verbale'),
      'the opt-out is shown to confirm: ' + oc);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/lots/optout?done=optout');
    assert(await page.locator(`#optouts tr[data-code="${x}"][data-choice="not_reviewer"]`)
      .count() === 1, 'the opt-out in force is listed');
    await page.screenshot({ path: path.join(ART, 'lots-optout.png'), fullPage: true });
    const p3 = await (await a.get('/api/v1/programme')).json();
    assert(!p3.reviews.some((v) => v.reviewers.some((w) => w.state === x)),
      `${x} reviews no one in the public programme`);
    // C3: a first drawing event that assigns the cohorts only (it replaces
    // the programme in force), then cohort 1's reviewers at the meeting.
    await page.goto(`${BASE}/lots/optout?lang=en`);
    const co = page.locator('#cohorts form');
    await co.locator('input[name="seed"]').fill([...Array(32).keys()].map((i) => ((i * 53 + 7) % 256).toString(16).padStart(2, '0')).join(''));
    await co.locator('input[name="supersede"]').check();
    await co.getByRole('button', { name: 'Draw the cohorts' }).click();
    await page.waitForSelector('#confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/lots/optout?done=cohorts');
    const p4 = await (await a.get('/api/v1/programme')).json();
    assert(p4.reviews.length > 100 && p4.reviews.every((v) => v.reviewers.length === 0) &&
      new Set(p4.reviews.map((v) => v.year)).size === 3, 'cohorts assigned, no reviewer yet');
    const ce = page.locator('#cohort-event form');
    await ce.locator('select[name="cohort"]').selectOption('1');
    await ce.getByRole('button', { name: 'Draw' }).click();
    await page.waitForSelector('#confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL('**/lots/programme?done=event');
    const p5 = await (await a.get('/api/v1/programme')).json();
    assert(p5.reviews.filter((v) => v.year === 1).every((v) => v.reviewers.length >= 2) &&
      p5.reviews.filter((v) => v.year !== 1).every((v) => v.reviewers.length === 0),
    "cohort 1's reviewers drawn, the others still to be drawn");
    await a.dispose();
    console.log(`     draw from the web: event ${last}, redraw of ${old} in ${rv.reviewed} ` +
      `by ${now.state}, ${x} opted out; cohorts only, then cohort 1; ${Date.now() - t0} ms`);
  });
};
