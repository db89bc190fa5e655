// Threads between POCs (issue 5) in Chromium, as two technical POCs of two states would use
// them: France's in a French interface, Egypt's in an Arabic one. Each enrols through the
// link `liaison demo` printed for its entry, makes an OpenPGP key in the browser and publishes
// it; France sends an inquiry carrying a known plaintext marker; Egypt decrypts it (delivered),
// acknowledges and responds; France sees the stages. A diplomat of Egypt is refused a technical
// recipient with the translated reason; forwarding without consent is refused; France's
// records export verifies with liaison-openpgp (the openpgp-helper example) and fails after one
// changed byte; the marker is in neither the server's database files nor its log. Every new
// page is checked with axe-core and its direction, captured in ar and fr, and crawled for
// headers and weight.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { api, artifactPath, axeRuns, config, launch, newContext, request, writeJson } from './lib/common.mjs';
import { enrolWithTotp, sessionCookie } from './lib/auth.mjs';
import { checkPage, shot, submit } from './lib/pages.mjs';
import { crawl, WEIGHT_BUDGET } from './lib/crawl.mjs';

const MARKER = `LIAISON-PLAINTEXT-MARKER-${process.pid}-${Date.now()}`;
const RESPONSE_MARKER = `${MARKER}-RESPONSE`;
const browser = await launch();
after(async () => {
  await browser.close();
  writeJson('axe-summary-threads.json', axeRuns);
});

/** The enrolment links `liaison demo` printed for POC users (scripts/browser-tests.sh keeps its output). */
function demoLink(state, role) {
  const out = fs.readFileSync(artifactPath('demo.out'), 'utf8');
  const m = new RegExp(`POC ${state} ${role}: (\\S+)\\s+\\(entry ([0-9a-f-]{36})`).exec(out);
  assert.ok(m, `no ${state} ${role} POC link in demo.out`);
  return { url: m[1], entry: m[2] };
}

const fr = { lang: 'fr', login: 'camille.martin@cert.fr.example', password: 'Mot de passe très long 2026', passphrase: 'phrase secrète de Camille 2026' };
const eg = { lang: 'ar', login: 'omar.hassan@egcert.eg.example', password: 'كلمة مرور طويلة للاختبار 2026', passphrase: 'عبارة مرور عمر الطويلة 2026' };
let threadId;

async function enrolPoc(person, state, role, prefix) {
  const { url, entry } = demoLink(state, role);
  const context = await newContext(browser, person.lang);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    // Chromium asks for /favicon.ico on its own; the site has none.
    if (m.type() === 'error' && !m.location()?.url?.endsWith('/favicon.ico')) errors.push(`${m.text()} ${m.location()?.url ?? ''}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  Object.assign(person, await enrolWithTotp(page, url, { ...person, prefix }), { page, context, entry, errors });
  return person;
}

async function waitStatus(page, pattern, what) {
  const status = page.locator('#th-status');
  try {
    await status.filter({ hasText: pattern }).waitFor({ timeout: 30_000 });
  } catch {
    assert.fail(`${what}: status is ${JSON.stringify(await status.textContent())} at ${page.url()}`);
  }
}

async function makeKey(person, prefix) {
  const { page, lang } = person;
  const res = await page.goto(`${config.base}/account/key?lang=${lang}`);
  assert.equal(res?.status(), 200);
  await checkPage(page, lang, `${prefix}-key`);
  await page.locator('#g-passphrase').fill(person.passphrase);
  await shot(page, lang, `${prefix}-key`);
  await page.locator('#generate button[type=submit]').click();
  try {
    await page.locator('#published-fingerprint').filter({ hasText: /^[0-9A-F]{40}$/ }).waitFor({ timeout: 60_000 });
  } catch {
    assert.fail(`no key published: status ${JSON.stringify(await page.locator('#th-status').textContent())}, errors ${JSON.stringify(person.errors)}`);
  }
  person.fingerprint = (await page.locator('#published-fingerprint').textContent()).trim();
  const entry = await api('GET', `/api/v1/pocs/${person.entry}`);
  assert.equal(entry.data?.openpgp?.fingerprint, person.fingerprint, 'the key is published on the entry');
  person.publicKey = entry.data.openpgp_key;
}

test('two technical POCs (France in French, Egypt in Arabic) enrol and make their keys in the browser', async () => {
  await enrolPoc(fr, 'FR', 'technical', 'poc-fr');
  await enrolPoc(eg, 'EG', 'technical', 'poc-eg');
  await makeKey(fr, 'threads-fr');
  await makeKey(eg, 'threads-eg');
  assert.notEqual(fr.fingerprint, eg.fingerprint);
});

test('France sends an inquiry encrypted in the browser; Egypt decrypts it, acknowledges and responds', async () => {
  const { page } = fr;
  await page.goto(`${config.base}/threads/new?to=${eg.entry}&lang=fr`);
  await checkPage(page, 'fr', 'threads-new');
  assert.equal(await page.locator(`#to-${eg.entry}`).isChecked(), true, 'the proposed recipient is ticked');
  await page.locator('#urgency').selectOption('high');
  await page.locator('#f-incident-category').selectOption('malware');
  await page.locator('#f-incident-description').fill(`Trafic anormal vers 198.51.100.7 — ${MARKER}`);
  await page.locator('#f-request-type').selectOption('information');
  await page.locator('#f-tlp').selectOption('AMBER');
  await page.locator('#passphrase').fill(fr.passphrase);
  await shot(page, 'fr', 'threads-new');
  await page.locator('#compose button[type=submit]').click();
  try {
    await page.waitForURL(/\/threads\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  } catch {
    assert.fail(`not sent: status ${JSON.stringify(await page.locator('#th-status').textContent())}, errors ${JSON.stringify(fr.errors)}`);
  }
  threadId = page.url().split('/').pop();
  await page.goto(`${config.base}/threads/${threadId}?lang=fr`);
  await checkPage(page, 'fr', 'threads-sent');
  assert.match(await page.locator('#stages').innerText(), /Envoyé/);

  const p = eg.page;
  await p.goto(`${config.base}/threads?lang=ar`);
  await checkPage(p, 'ar', 'threads-inbox');
  await shot(p, 'ar', 'threads-inbox');
  await p.locator(`a[href="/threads/${threadId}"]`).first().click();
  await p.waitForURL(new RegExp(`/threads/${threadId}`));
  await p.locator('#passphrase').fill(eg.passphrase);
  await p.locator('#unlock button[type=submit]').click();
  await p.locator('#messages .th-message').first().waitFor({ timeout: 60_000 });
  const text = await p.locator('#messages').innerText();
  assert.ok(text.includes(MARKER), `the marker is shown decrypted: ${text}`);
  // Labels and choices in the reader's language (Arabic), free text as written (French).
  assert.ok(text.includes('برمجيات') || text.includes('الفئة'), `Arabic labels: ${text}`);
  assert.equal(await p.locator('#messages .th-signature').first().getAttribute('data-status'), 'valid');
  await checkPage(p, 'ar', 'threads-read');
  await shot(p, 'ar', 'threads-read');
  // Acknowledge through the plain form (works without JavaScript).
  await submit(p, p.locator('#acknowledge'));
  assert.match(p.url(), new RegExp(`/threads/${threadId}$`));
  // Respond with the response template.
  await p.locator('#f-response-type').selectOption('substantive');
  await p.locator('#f-response-text').fill(`تم حظر العنوان — ${RESPONSE_MARKER}`);
  await p.locator('#f-follow_up-channel_agreed').check();
  await p.locator('#passphrase').fill(eg.passphrase);
  await Promise.all([p.waitForEvent('load', { timeout: 60_000 }), p.locator('#respond button[type=submit]').click()]);
  await shot(p, 'ar', 'threads-responded');

  await page.goto(`${config.base}/threads/${threadId}?lang=fr`);
  const stages = await page.locator('#stages').innerText();
  for (const label of ['Remis', 'Réception accusée', 'Réponse donnée']) assert.ok(stages.includes(label), `France sees "${label}": ${stages}`);
  await page.locator('#passphrase').fill(fr.passphrase);
  await page.locator('#unlock button[type=submit]').click();
  await page.locator('#messages .th-message[data-kind=response]').waitFor({ timeout: 60_000 });
  assert.ok((await page.locator('#messages').innerText()).includes(RESPONSE_MARKER), 'France reads the response');
  await checkPage(page, 'fr', 'threads-stages');
  await shot(page, 'fr', 'threads-stages');
  assert.deepEqual([...fr.errors, ...eg.errors], [], 'no script error or CSP violation');
});

test('a diplomat of Egypt is refused a technical recipient, with the reason in Arabic, and brings a GnuPG key', async () => {
  const dip = await enrolPoc({ lang: 'ar', login: 'laila.farouk@mfa.eg.example', password: 'كلمة مرور الدبلوماسية 2026' }, 'EG', 'diplomatic', 'poc-eg-diplomat');
  const res = await dip.page.goto(`${config.base}/threads/new?to=${fr.entry}&lang=ar`);
  assert.equal(res?.status(), 200);
  const refusal = await dip.page.locator('#refusal').innerText();
  assert.match(refusal, /الدبلوماسية/, `translated reason: ${refusal}`);
  assert.equal(await dip.page.locator(`#to-${fr.entry}`).count(), 0, 'technical entries are not offered to a diplomat');
  await checkPage(dip.page, 'ar', 'threads-refused');
  await shot(dip.page, 'ar', 'threads-refused');
  // The diplomat brings a key made with GnuPG (as CSIRTs and ministries already have them).
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-gpg-'));
  const passphrase = 'عبارة مرور جي إن يو 2026';
  const gpg = (...args) => execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', passphrase, ...args], { env: { ...process.env, GNUPGHOME: home }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    gpg('--quick-gen-key', 'Laila Farouk <laila.farouk@mfa.eg.example>', 'ed25519', 'sign,cert', '2y');
    const fpr = /fpr:+([0-9A-F]{40}):/.exec(gpg('--with-colons', '--list-secret-keys'))[1];
    gpg('--quick-add-key', fpr, 'cv25519', 'encr', '2y');
    await dip.page.goto(`${config.base}/account/key?lang=ar`);
    await dip.page.locator('#i-armored').fill(gpg('--armor', '--export-secret-keys', fpr));
    await dip.page.locator('#i-passphrase').fill(passphrase);
    await dip.page.locator('#import button[type=submit]').click();
    await dip.page.locator('#published-fingerprint').filter({ hasText: fpr }).waitFor({ timeout: 60_000 });
    const entry = await api('GET', `/api/v1/pocs/${dip.entry}`);
    assert.equal(entry.data?.openpgp?.fingerprint, fpr, 'the GnuPG key is published');
  } finally {
    execFileSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: home } });
    fs.rmSync(home, { recursive: true, force: true });
  }
  assert.deepEqual(dip.errors, [], 'no script error or CSP violation');
  await dip.context.close();
});

test('forwarding without the consent of every other participant is refused', async () => {
  const { page } = fr;
  await page.goto(`${config.base}/threads/${threadId}?lang=fr`);
  await submit(page, page.locator('form[action$="/consents"] button[type=submit]'));
  await page.locator('#passphrase').fill(fr.passphrase);
  await page.locator('form[data-e2e=forward] button[type=submit]').click();
  await waitStatus(page, /consentement/, 'forward refused');
  assert.equal(await page.locator('#th-status').getAttribute('role'), 'alert');
  await shot(page, 'fr', 'threads-forward-refused');
  // Egypt sees the request and may answer it without JavaScript.
  await eg.page.goto(`${config.base}/threads/${threadId}?lang=ar`);
  assert.equal(await eg.page.locator('.th-grant').count(), 1, 'Egypt may grant or refuse');
  await checkPage(eg.page, 'ar', 'threads-consent');
  await shot(eg.page, 'ar', 'threads-consent');
  // A coordination note for Egypt's own POCs (A§9), encrypted in the browser.
  await eg.page.locator('#note-text').fill(`ملاحظة تنسيق — ${MARKER}-NOTE`);
  await eg.page.locator('#passphrase').fill(eg.passphrase);
  await eg.page.locator('#note button[type=submit]').click();
  await eg.page.locator('#messages .th-message[data-kind=coordination_note]').waitFor({ timeout: 60_000 });
  assert.ok((await eg.page.locator('#messages').innerText()).includes(`${MARKER}-NOTE`), 'the note is read back');
});

test('the records export verifies with liaison-openpgp, and fails after one changed byte', async () => {
  const { page } = fr;
  await page.goto(`${config.base}/threads/export?lang=fr`);
  await checkPage(page, 'fr', 'threads-export');
  await page.locator('#passphrase').fill(fr.passphrase);
  await page.locator('#export button[type=submit]').click();
  await page.locator('#download-records-json-asc').waitFor({ timeout: 60_000 });
  await shot(page, 'fr', 'threads-export');
  // Downloaded as a person would (a blob: link; the page's CSP lets it fetch nothing else).
  const read = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#${id}`).click()]);
    return fs.readFileSync(await download.path(), 'utf8');
  };
  const manifest = await read('download-records-json');
  const signature = await read('download-records-json-asc');
  assert.ok(manifest.includes(MARKER) && manifest.includes(RESPONSE_MARKER), 'the record holds what was exchanged');
  const rendering = await read('download-records-html');
  assert.ok(rendering.includes(MARKER) && rendering.includes('Demande') && rendering.includes('Signature vérifiée'), 'a readable rendering in the reader\'s language');
  assert.ok(!rendering.includes('<script'), 'the rendering carries no script');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-records-'));
  fs.writeFileSync(path.join(dir, 'records.json'), manifest);
  fs.writeFileSync(path.join(dir, 'records.json.asc'), signature);
  fs.writeFileSync(path.join(dir, 'poc.asc'), fr.publicKey);
  fs.copyFileSync(path.join(dir, 'records.json'), artifactPath('records', 'records.json'));
  fs.copyFileSync(path.join(dir, 'records.json.asc'), artifactPath('records', 'records.json.asc'));
  const helper = process.env.LIAISON_OPENPGP_HELPER;
  assert.ok(helper, 'LIAISON_OPENPGP_HELPER is set by scripts/browser-tests.sh');
  const verify = () => execFileSync(helper, ['verify-archive', path.join(dir, 'poc.asc'), path.join(dir, 'records.json'), path.join(dir, 'records.json.asc')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ok = JSON.parse(verify());
  assert.equal(ok.signer_fingerprint, fr.fingerprint);
  assert.ok(ok.threads >= 1 && ok.messages >= 2, JSON.stringify(ok));
  const bytes = Buffer.from(manifest, 'utf8');
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  fs.writeFileSync(path.join(dir, 'records.json'), bytes);
  assert.throws(verify, 'one changed byte fails verification');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the server never saw the plaintext: not in its database files, not in its log', () => {
  const file = config.database.replace(/^sqlite:/, '');
  const files = [file, `${file}-wal`, `${file}-shm`, artifactPath('server.log')].filter((f) => fs.existsSync(f));
  assert.ok(files.length >= 2, `database and log found: ${files}`);
  for (const f of files) {
    const content = fs.readFileSync(f);
    assert.equal(content.indexOf(Buffer.from(MARKER)), -1, `marker found in ${f}`);
  }
});

test('the new pages pass the crawler: headers, no third-party URLs, <= 50 KB', async () => {
  const cookie = await sessionCookie(fr.context);
  const r = await crawl(config.base, ['/threads', '/threads/new', `/threads/${threadId}`, '/account/key', '/threads/export'], { cookie, label: 'threads', maxPages: 40 });
  writeJson('crawler-threads.json', r);
  const reached = (p) => r.pages.some((x) => x.url.startsWith(p) && x.status === 200 && x.weight <= WEIGHT_BUDGET);
  for (const p of ['/threads/new', `/threads/${threadId}`, '/account/key', '/threads/export']) assert.ok(reached(p), `${p} crawled within budget`);
  assert.deepEqual(r.problems, []);
  // The scripts are immutable and versioned; the library is loaded only when used.
  await fr.page.goto(`${config.base}/account/key`);
  const src = /<script src="(\/static\/e2e\/[0-9a-f]{16}\/threads\.mjs)"/.exec(await fr.page.content())?.[1];
  assert.ok(src, 'the thread script is versioned');
  const js = await request(config.base + src);
  assert.equal(js.status, 200);
  assert.match(js.headers['cache-control'] ?? '', /immutable/);
  assert.match(js.headers['content-type'] ?? '', /^text\/javascript/);
  assert.equal((await request(config.base + src.replace(/[0-9a-f]{16}/, '0000000000000000'))).status, 404, 'another version is not served');
  // The crawler counts the page's own script; the crypto module it imports counts too, the
  // OpenPGP library (loaded on first use, cached for a year) is the separate asset.
  const e2eModule = await request(config.base + src.replace('threads.mjs', 'e2e.mjs'));
  assert.equal(e2eModule.status, 200);
  const heaviest = Math.max(...r.pages.filter((x) => x.weight != null).map((x) => x.weight));
  assert.ok(heaviest + e2eModule.wireBytes <= WEIGHT_BUDGET, `heaviest thread page ${heaviest} B + e2e.mjs ${e2eModule.wireBytes} B`);
  const library = await request(config.base + src.replace('threads.mjs', 'vendor/openpgp/openpgp.min.mjs'));
  console.log(`thread pages: heaviest ${heaviest} B + e2e.mjs ${e2eModule.wireBytes} B; library ${library.wireBytes} B (${library.encoding}, immutable)`);
});
