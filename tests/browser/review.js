// Browser test of a country review's responses (issue 9; paras 18-27, 34,
// 40; R19, R24, R72, C15): the Secretariat names a State's focal point,
// the focal point names its expert on the country page, the expert fills
// part of the questionnaire with the interface in French, saves, logs
// out, logs back in and finds the answers (resumes), the rest is
// completed, the focal point submits in the page, and an expert of a
// reviewing State reads the submitted answers.  Loaded by test.js
// (`require('./review.js')(...)`); the set-up (accounts, the adoption of
// the questionnaires, the opening of phase 1) goes through the CLI on the
// server's database (REVMECH_DB, REVMECH_CLI from run.sh).
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const { request } = require('playwright-core');

module.exports = (test, { BASE, ART, PW, assert }) => {
  const cli = (...args) => execFileSync(process.env.REVMECH_CLI, args,
    { input: PW + '\n', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

  // Language-independent login and logout (the French pages too).
  async function signIn(page, email) {
    await page.goto(BASE + '/login');
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PW);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL('**/dashboard');
  }
  async function signOut(page) {
    await page.click('form[action="/logout"] button');
    await page.waitForURL(BASE + '/');
  }

  test('review_expert_answers_in_french_focal_point_submits', async (page) => {
    const db = process.env.REVMECH_DB;
    assert(db && process.env.REVMECH_CLI, 'run.sh gives REVMECH_DB and REVMECH_CLI');
    // X: a State reviewed in year 1 (the public programme), not FRA (whose
    // focal point the other tests use) and not reviewed by it.
    const prog = await (await page.request.get(BASE + '/api/v1/programme')).json();
    const rv = prog.reviews.find((r) => r.year === 1 && r.reviewed !== 'FRA' &&
      r.reviewers.every((v) => v.state !== 'FRA') &&
      r.reviewers.some((v) => v.role !== 'additional'));
    assert(rv, 'a review in year 1');
    const X = rv.reviewed;
    const V = rv.reviewers.find((v) => v.role !== 'additional').state;
    const x = X.toLowerCase();
    const fp = `fp.browser@${x}.test`, ex = `ex.browser@${x}.test`;
    const rev = `ex.browser@${V.toLowerCase()}.test`;
    cli('user', 'add', '--db', db, '--email', fp, '--role', 'focal_point', '--state', X,
      '--password-stdin');
    cli('user', 'add', '--db', db, '--email', ex, '--role', 'expert', '--state', X,
      '--password-stdin');
    cli('user', 'add', '--db', db, '--email', rev, '--role', 'expert', '--state', V,
      '--password-stdin');
    // Only an adopted questionnaire can be used (R70): the test records one.
    cli('questionnaire', 'adopt', '--db', db, '--decision', 'CTOC/COP/TEST/BROWSER', '--date',
      '2026-01-01', '--by', 'browser test', 'untoc-c1', 'tip-c1', 'som-c1', 'firearms-c1');
    cli('phase', 'open', '--db', db, '--cohort', '1', '--phase', '1', '--by', 'browser test');

    // The Secretariat names the focal point and opens the questionnaire.
    await signIn(page, 'sec@example.org');
    await page.goto(`${BASE}/country/${X}?lang=en`);
    await page.fill(`#fp-${X}`, fp);
    await page.click(`form[action="/country/${X}/focal-point"] button[type="submit"]`);
    await page.waitForURL(`**/country/${X}?saved=1`);
    const csrf = await page.getAttribute('input[name="csrf"]', 'value');
    const open = await page.request.post(`${BASE}/api/v1/reviews/${X}/phases/1/questionnaire`,
      { headers: { 'X-CSRF-Token': csrf } });
    assert(open.status() === 200, 'questionnaire opened: ' + open.status());
    await signOut(page);

    // The focal point names its expert on the country page (para 27).
    await signIn(page, fp);
    await page.goto(`${BASE}/country/${X}`);
    await page.fill(`#ex-${X}`, ex);
    await page.click(`form[action="/country/${X}/experts"] button[type="submit"]`);
    await page.waitForURL(`**/country/${X}?saved=1`);
    assert((await page.textContent('#people')).includes(ex), 'expert listed among the people');
    await page.screenshot({ path: path.join(ART, 'review-people.png'), fullPage: true });
    await signOut(page);

    // The expert, in French, answers two questions of the Convention.
    const qs = `${BASE}/reviews/${X}/phases/1/responses`;
    await signIn(page, ex);
    await page.goto(qs + '?lang=fr');
    assert((await page.textContent('h1')).includes("Questionnaire d'auto-évaluation"),
      'French heading: ' + await page.textContent('h1'));
    const qn = await (await page.request.get(`${BASE}/api/v1/reviews/${X}/phases/1/questionnaire`)).json();
    const untoc = qn.questionnaires.find((q) => q.instrument === 'untoc');
    const all = untoc.sections.filter((s) => s.applies).flatMap((s) => s.questions);
    const yq = all.find((q) => q.type === 'yes_no_partly' && !q.show_if).id;
    const tq = all.find((q) => q.type === 'free_text' && !q.show_if).id;
    const text = "L'infraction est établie par l'article 2 du code pénal (brouillon).";
    const yes = page.locator(`div.question[id="${yq}"] form`);
    await yes.locator('select[name="lang"]').selectOption('fr');
    await yes.locator('input[name="value"][value="partly"]').check();
    await yes.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((u) => u.search.includes('saved=1'));
    assert((await page.textContent('main')).includes('Votre réponse a été enregistrée.'), 'saved (fr)');
    const free = page.locator(`div.question[id="${tq}"] form`);
    await free.locator('select[name="lang"]').selectOption('fr');
    await free.locator('textarea[name="value"]').fill(text);
    await free.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL((u) => u.search.includes('saved=1'));
    await page.screenshot({ path: path.join(ART, 'review-expert-fr.png'), fullPage: true });
    await signOut(page);

    // Back the next day: the answers are there, in French; it goes on.
    await signIn(page, ex);
    await page.goto(qs);
    assert((await page.getAttribute('html', 'lang')) === 'fr', 'French still');
    assert((await page.textContent(`div.question[id="${tq}"] .current`)).includes(text),
      'the free text answer is kept');
    // (The current answer of a yes/no/partly question is shown as its
    // code, "partly", not "En partie": reported; the form below says it.)
    assert(/partly|En partie/.test(await page.textContent(`div.question[id="${yq}"] .current`)),
      'the yes/no/partly answer is kept');
    assert(await page.isChecked(`div.question[id="${yq}"] input[value="partly"]`), 'form resumes');
    assert((await page.inputValue(`div.question[id="${tq}"] textarea`)) === text, 'text resumes');

    // The rest through the API, as a State's own system would (R-API):
    // with a personal API token (Bearer), not the page.
    const csrf2 = await page.getAttribute('input[name="csrf"]', 'value');
    const tok = await page.request.post(`${BASE}/api/v1/tokens`, {
      headers: { 'X-CSRF-Token': csrf2 }, data: { name: 'national system', password: PW } });
    assert(tok.status() === 201 || tok.status() === 200, 'token: ' + tok.status() + ' ' + await tok.text());
    const bearer = (await tok.json()).token;
    assert(bearer, 'token value');
    const value = (q) => ({ yes_no_partly: 'yes', free_text: 'Réponse complète.',
      legislation_refs: [{ citation: 'Code pénal, art. 1', link: 'https://example.org/cp' }],
      ta_needs: [{ description: 'Formation des magistrats', priority: 'low' }] }[q.type] || []);
    // A client of its own: no session cookie, only the token.
    const api = await request.newContext();
    for (const q of qn.questionnaires) {
      for (const s of q.sections.filter((s) => s.applies)) {
        for (const qq of s.questions) {
          if (qq.id === yq || qq.id === tq) continue;
          const r = await api.put(`${BASE}/api/v1/reviews/${X}/phases/1/responses/${qq.id}`,
            { headers: { Authorization: 'Bearer ' + bearer },
              data: { base_version: 0, lang: 'fr', value: value(qq) } });
          assert(r.status() === 200, `${qq.id}: ${r.status()} ${await r.text()}`);
        }
      }
    }
    await api.dispose();
    await signOut(page);

    // The focal point submits in the page (R24), interface in English.
    await signIn(page, fp);
    await page.goto(qs + '?lang=en');
    await page.click('#submit');
    // The confirmation step (para 34, probe s8 F2): what submitting does.
    await page.waitForSelector('#confirm-submit');
    await page.click('#submit-confirm');
    await page.waitForURL((u) => u.search.includes('submitted=1'));
    assert((await page.textContent('main')).includes('The responses were submitted'), 'submitted');
    assert(await page.isVisible('#submitted'), 'marked submitted');
    await signOut(page);

    // An expert of a reviewing State reads the submitted answers.
    await signIn(page, rev);
    await page.goto(qs + '?lang=en');
    assert(await page.isVisible('#submitted'), 'reviewer sees it submitted');
    assert((await page.textContent(`div.question[id="${tq}"] .current`)).includes(text),
      "the reviewer reads the expert's answer");
    assert((await page.locator('form.answer').count()) === 0, 'no form for the reviewer');
    await page.screenshot({ path: path.join(ART, 'review-reviewer.png'), fullPage: true });
    await signOut(page);
  });
};
