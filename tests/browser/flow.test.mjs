// The flow of issue 3, as people would go through it in Chromium, in English and Arabic:
// the directory administrator enrols (password + TOTP) and signs in; issues an enrolment
// link for Egypt's state administrator, who enrols in Arabic, nominates a point of contact
// written in Arabic with an English translation, finds it by an Arabic and by an English
// query, edits it and sees the revision, and signs out. Key pages are checked with axe-core
// and captured in both languages (target/browser-artifacts/screenshots/). Then: a POST
// without CSRF token is refused, the sign-in form works with the keyboard alone, and
// repeated failed sign-ins are refused (429).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { axeRuns, config, launch, newContext, request, writeJson } from './lib/common.mjs';
import { assertSignedIn, enrolWithTotp, issueAdminEnrolment, sessionCookie, signInWithTotp, signOut } from './lib/auth.mjs';
import { ARABIC_ENTRY, fillEntryForm, findByQuery, nominate } from './lib/directory.mjs';
import { bothLanguages, checkPage, shot, submit, withLang } from './lib/pages.mjs';
import { tabThrough } from './lib/keyboard.mjs';
import { addVirtualAuthenticator, registerPasskey, signInWithPasskey } from './lib/passkeys.mjs';

const browser = await launch();
after(async () => {
  await browser.close();
  writeJson('axe-summary-flow.json', axeRuns);
});

const admin = { login: 'directory.admin@un.example', password: 'Correct horse battery staple 1' };
const egAdmin = { login: 'eg.state.admin@mfa.gov.eg.example', password: 'كلمة مرور طويلة وآمنة 2026' };
let adminPage;
let egPage;
let egAuthenticator;
let enrolmentLink;
let entryId;

test('directory administrator: enrolment with password + TOTP (English), link single-use', async () => {
  const url = issueAdminEnrolment('Directory administrator (browser test)');
  const context = await newContext(browser, 'en');
  adminPage = await context.newPage();
  Object.assign(admin, await enrolWithTotp(adminPage, url, { ...admin, lang: 'en', prefix: 'admin' }));
  assert.equal(admin.recoveryCodes.length, 10);
  // The link works once.
  const again = await request(url);
  assert.ok(again.status >= 400 && again.status < 500, `enrolment link reused: ${again.status}`);
});

test('directory administrator: sign out, then sign in with password + TOTP', async () => {
  await adminPage.goto(config.base + '/account?lang=en');
  await assertSignedIn(adminPage);
  await signOut(adminPage);
  await signInWithTotp(adminPage, admin, { lang: 'en', prefix: 'admin', shots: true });
  // The same screens in Arabic (GET only: the sign-in form).
  const ar = await newContext(browser, 'ar');
  const p = await ar.newPage();
  await p.goto(config.base + '/sign-in?lang=ar');
  await checkPage(p, 'ar', 'sign-in');
  await shot(p, 'ar', 'sign-in');
  await ar.close();
});

test('directory administrator: dashboard, then an enrolment link for a state administrator of Egypt', async () => {
  await bothLanguages(adminPage, '/admin', 'admin-dashboard');
  await bothLanguages(adminPage, '/states/EG/people', 'admin-people');
  await adminPage.goto(config.base + withLang('/states/EG/people', 'en'));
  await adminPage.locator('#role').selectOption('state-admin');
  await adminPage.locator('#display_name').fill('Salma Abdelrahman');
  await submit(adminPage, adminPage.locator('form[action="/states/EG/people/links"] button[type=submit]'));
  enrolmentLink = (await adminPage.locator('#enrolment-link').textContent())?.trim();
  assert.match(enrolmentLink ?? '', /\/enrol\/\S+$/, `no enrolment link shown (at ${adminPage.url()})`);
  await checkPage(adminPage, 'en', 'admin-enrolment-issued');
  await shot(adminPage, 'en', 'admin-enrolment-issued');
});

test('state administrator of Egypt: enrolment (Arabic) with password + TOTP', async () => {
  const context = await newContext(browser, 'ar');
  egPage = await context.newPage();
  Object.assign(egAdmin, await enrolWithTotp(egPage, enrolmentLink, { ...egAdmin, lang: 'ar', prefix: 'state-admin' }));
  await egPage.goto(config.base + '/account');
  await assertSignedIn(egPage);
  await checkPage(egPage, 'ar', 'account');
  await shot(egPage, 'ar', 'account');
});

test('state administrator: adds a passkey (Chromium virtual authenticator), signs out, signs in with the passkey alone', async () => {
  egAuthenticator = await addVirtualAuthenticator(egPage);
  await registerPasskey(egPage, egAuthenticator, { name: 'مفتاح المرور — الحاسوب المكتبي', lang: 'ar', prefix: 'state-admin' });
  await signOut(egPage);
  await signInWithPasskey(egPage, egAuthenticator, { lang: 'ar', prefix: 'state-admin' });
});

test('state administrator: nominates a point of contact written in Arabic with an English translation', async () => {
  entryId = await nominate(egPage, 'ar', ARABIC_ENTRY);
  const main = await egPage.locator('main').innerText();
  assert.ok(main.includes(ARABIC_ENTRY.entity_name), 'the entry page shows the Arabic original');
});

test('the entry is found by an Arabic query and by an English query', async () => {
  await findByQuery(egPage, 'ar', 'للاستجابة لطوارئ', entryId, 'search-arabic');
  await findByQuery(egPage, 'en', 'Emergency Response Authority', entryId, 'search-english');
  // And not by something it does not contain.
  await egPage.goto(config.base + '/directory?q=' + encodeURIComponent('zzqx-nothing-matches'));
  assert.equal(await egPage.locator(`main a[href="/directory/${entryId}"]`).count(), 0);
});

test('state administrator: edits the entry and sees revision 2 with the change', async () => {
  await egPage.goto(config.base + withLang(`/directory/${entryId}/edit`, 'ar'));
  await checkPage(egPage, 'ar', 'edit-form');
  await fillEntryForm(egPage, { person_title: 'مديرة الاستجابة للحوادث', reason: 'لقب جديد' });
  await shot(egPage, 'ar', 'edit-form');
  await submit(egPage, egPage.locator('form.dir-form button[type=submit]'));
  assert.match(egPage.url(), new RegExp(`/directory/${entryId}\\?done=updated$`));
  const history = egPage.locator('ol.dir-revisions');
  await assert.doesNotReject(history.waitFor());
  const text = await history.innerText();
  assert.ok(text.includes('2'), 'revision 2 listed');
  assert.equal(await history.locator('del', { hasText: 'مديرة العمليات' }).count(), 1, 'old title shown as removed');
  assert.equal(await history.locator('ins', { hasText: 'مديرة الاستجابة للحوادث' }).count(), 1, 'new title shown as added');
  await bothLanguages(egPage, `/directory/${entryId}`, 'entry-revised', { endLang: 'ar' });
  await bothLanguages(egPage, '/directory', 'directory');
  await bothLanguages(egPage, '/states/EG', 'state');
});

test('state administrator: signs out', async () => {
  await egPage.goto(config.base + withLang('/directory', 'ar'));
  await signOut(egPage);
  await shot(egPage, 'ar', 'signed-out');
  const res = await egPage.goto(config.base + '/directory');
  assert.match(egPage.url(), /\/sign-in/, `the directory still shows after signing out (${res?.status()})`);
});

test('a POST without CSRF token is refused (403), signed in or not', async () => {
  const cookie = await sessionCookie(adminPage.context());
  assert.ok(cookie, 'administrator session cookie');
  const form = new URLSearchParams({ ...ARABIC_ENTRY, state: 'EG' }).toString();
  const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(form)) };
  const r = await request(config.base + '/directory/new', { method: 'POST', headers, body: form });
  assert.equal(r.status, 403, 'nomination without csrf');
  const wrong = form + '&csrf=' + '0'.repeat(64);
  const r2 = await request(config.base + '/directory/new', {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(wrong)) },
    body: wrong,
  });
  assert.equal(r2.status, 403, 'nomination with a wrong csrf');
  const signIn = new URLSearchParams({ login: admin.login, password: admin.password }).toString();
  const r3 = await request(config.base + '/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(signIn)) },
    body: signIn,
  });
  assert.equal(r3.status, 403, 'sign-in without csrf');
});

for (const lang of ['en', 'ar']) {
  test(`keyboard only: the sign-in form (${lang}) — Tab reaches every control, focus visible`, async () => {
    const context = await newContext(browser, lang);
    try {
      const page = await context.newPage();
      await page.goto(config.base + `/sign-in?lang=${lang}`);
      const r = await tabThrough(page, 'main');
      assert.ok(r.expected.length >= 3, `controls: ${r.expected}`);
      assert.deepEqual(r.missing, [], `not reachable by Tab: ${r.missing}`);
      assert.deepEqual(r.invisible, [], 'focus not visible');
    } finally {
      await context.close();
    }
  });
}

test('repeated failed sign-ins are refused with 429 and a message (lockout)', async () => {
  const context = await newContext(browser, 'en');
  const page = await context.newPage();
  const statuses = [];
  for (let i = 0; i < 8; i++) {
    await page.goto(config.base + '/sign-in?lang=en');
    await page.locator('[name="login"]').fill(egAdmin.login);
    await page.locator('[name="password"]').fill(`wrong password number ${i}`);
    const res = await submit(page, page.locator('main form button[type=submit]'));
    statuses.push(res?.status());
    if (res?.status() === 429) break;
  }
  assert.equal(statuses[statuses.length - 1], 429, `statuses: ${statuses}`);
  assert.notEqual(statuses[0], 429, `the first failure is not slowed down: ${statuses}`);
  const alert = page.locator('[role=alert]');
  assert.ok((await alert.count()) >= 1, 'a message explains the refusal');
  await checkPage(page, 'en', 'locked-out');
  await shot(page, 'en', 'locked-out');
  await context.close();
});
