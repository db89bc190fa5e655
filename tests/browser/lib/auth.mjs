// Accounts in the flow: enrolment links, enrolment with TOTP, sign-in with password + TOTP,
// signing out — through the pages, in Chromium.

import assert from 'node:assert/strict';
import { config, liaison, totp } from './common.mjs';
import { checkPage, shot, submit } from './pages.mjs';

const STEP_MS = 30_000;

/** A one-time enrolment URL for a new directory administrator (command line, server host). */
export function issueAdminEnrolment(name) {
  const out = liaison(['account', 'enrol-admin', '--database', config.database, '--name', name, '--public-url', config.base]);
  const lines = out.trim().split('\n');
  const url = lines[lines.length - 1].trim();
  assert.match(url, /^http:\/\/(localhost|127\.0\.0\.1):\d+\/enrol\/\S+$/, `unexpected output of account enrol-admin: ${out}`);
  return url;
}

/**
 * A TOTP code the server will accept: the server allows the current step ±1 and never a
 * step at or before the last one used, so take the first allowed step after `creds.lastStep`
 * (waiting when the next one is still in the future).
 */
export async function nextCode(creds) {
  for (;;) {
    const now = Date.now();
    const current = Math.floor(now / STEP_MS);
    const candidates = [current - 1, current, current + 1].filter((s) => creds.lastStep == null || s > creds.lastStep);
    // Keep a margin: a step about to leave the window could expire in transit.
    const usable = candidates.filter((s) => s > current - 1 || now % STEP_MS < STEP_MS - 5000);
    if (usable.length) {
      const step = usable[0];
      creds.lastStep = step;
      return totp(creds.secret, step * STEP_MS);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Complete an enrolment at `url` with a login, a password and an authenticator app
 * (the secret read from #totp-secret). Returns the credentials with the recovery codes.
 * Screenshots: <lang>-<prefix>-enrol and <lang>-<prefix>-recovery-codes.
 */
export async function enrolWithTotp(page, url, { login, password, lang, prefix }) {
  const res = await page.goto(url);
  assert.equal(res?.status(), 200, `enrolment page ${url}`);
  await checkPage(page, lang, `${prefix}-enrol`);
  const secret = (await page.locator('#totp-secret').textContent())?.trim();
  assert.match(secret ?? '', /^[A-Z2-7]{16,}=*$/, 'base32 secret in #totp-secret');
  const creds = { login, password, secret, lastStep: null, recoveryCodes: [] };
  await page.locator('[name="login"]').fill(login);
  await page.locator('[name="password"]').fill(password);
  await page.locator('[name="password_confirm"]').fill(password);
  // The address Liaison writes to (ping escalations): prefilled when the issuer gave one,
  // required for state administrators and POC users; the language defaults to the page's.
  const email = page.locator('[name="email"]');
  if ((await email.count()) && !(await email.inputValue())) {
    await email.fill(/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(login) ? login : `${login.replace(/[^A-Za-z0-9]/g, '') || 'person'}@browser-test.example`);
  }
  await page.locator('[name="code"]').fill(await nextCode(creds));
  await shot(page, lang, `${prefix}-enrol`);
  await submit(page, page.locator('main form button[type=submit]'));
  const codes = page.locator('#recovery-codes li');
  assert.ok((await codes.count()) >= 8, `no recovery codes shown after enrolling (at ${page.url()}): ${await page.locator('main').innerText()}`);
  creds.recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
  await checkPage(page, lang, `${prefix}-recovery-codes`);
  await shot(page, lang, `${prefix}-recovery-codes`);
  return creds;
}

/** Sign in with password then TOTP; screenshots of both steps when `shots`. */
export async function signInWithTotp(page, creds, { lang, prefix, shots = false, next = '' }) {
  const res = await page.goto(`${config.base}/sign-in?lang=${lang}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
  assert.equal(res?.status(), 200);
  await page.locator('[name="login"]').fill(creds.login);
  await page.locator('[name="password"]').fill(creds.password);
  if (shots) {
    await checkPage(page, lang, `${prefix}-sign-in`);
    await shot(page, lang, `${prefix}-sign-in`);
  }
  await submit(page, page.locator('main form button[type=submit]'));
  const code = page.locator('[name="code"]');
  assert.equal(await code.count(), 1, `no code step after the password (at ${page.url()}): ${await page.locator('main').innerText()}`);
  await code.fill(await nextCode(creds));
  if (shots) {
    await checkPage(page, lang, `${prefix}-sign-in-code`);
    await shot(page, lang, `${prefix}-sign-in-code`);
  }
  await submit(page, page.locator('main form button[type=submit]'));
  await assertSignedIn(page);
}

export async function assertSignedIn(page) {
  const signOut = page.locator('form[action="/sign-out"] button');
  assert.equal(await signOut.count(), 1, `not signed in at ${page.url()}: ${await page.locator('main').innerText()}`);
}

export async function signOut(page) {
  await submit(page, page.locator('form[action="/sign-out"] button'));
  assert.equal(await page.locator('form[action="/sign-out"]').count(), 0, 'still signed in after signing out');
}

/** The session cookie of a browser context as a Cookie header value. */
export async function sessionCookie(context) {
  const cookies = await context.cookies(config.base);
  const s = cookies.find((c) => c.name === 'lsn_session');
  return s ? `${s.name}=${s.value}` : null;
}
