// A signed-in directory administrator for the crawler and the axe runs: enrolled through a
// one-time link from `liaison account enrol-admin`, with a password and TOTP, in Chromium.

import { launch, newContext } from './common.mjs';
import { enrolWithTotp, issueAdminEnrolment, sessionCookie } from './auth.mjs';

let counter = 0;

/**
 * Enrols a fresh directory administrator and returns {cookie, creds, storageState}: the
 * session cookie (`lsn_session=…`) for plain HTTP requests and the browser storage state for
 * new Chromium contexts.
 */
export async function signedInAdmin(label) {
  counter += 1;
  const url = issueAdminEnrolment(`Browser test administrator (${label} ${counter})`);
  const browser = await launch();
  try {
    const context = await newContext(browser, 'en');
    const page = await context.newPage();
    const creds = await enrolWithTotp(page, url, {
      login: `admin-${label}-${process.pid}-${counter}@liaison.example`,
      password: `correct horse battery ${label} ${counter}`,
      lang: 'en',
      prefix: `${label}-admin`,
    });
    // The recovery-codes page links on; the session already exists.
    const cookie = await sessionCookie(context);
    if (!cookie) throw new Error('no session cookie after enrolling');
    const storageState = await context.storageState();
    await context.close();
    return { cookie, creds, storageState };
  } finally {
    await browser.close();
  }
}
