// Page helpers of the flow: screenshots, axe + RTL checks on each page, language switching.

import assert from 'node:assert/strict';
import { artifactPath, config, describeViolations, runAxe } from './common.mjs';

/** Screenshot of the whole page as screenshots/<lang>-<step>.png. */
export async function shot(page, lang, step) {
  const p = artifactPath('screenshots', `${lang}-${step}.png`);
  await page.screenshot({ path: p, fullPage: true });
  return p;
}

/** The page's language and direction, then axe-core (no serious/critical violation). */
export async function checkPage(page, lang, step) {
  const html = page.locator('html');
  assert.equal(await html.getAttribute('lang'), lang, `${step}: <html lang> at ${page.url()}`);
  assert.equal(await html.getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr', `${step}: <html dir> at ${page.url()}`);
  if (lang === 'ar') {
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl', `${step}: computed direction`);
  }
  const { blocking } = await runAxe(page, `${lang}-${step}`);
  assert.equal(blocking.length, 0, `${lang} ${step} (${page.url()}): serious/critical axe violations:\n${describeViolations(blocking)}`);
}

/** `path` with `lang=` set (keeps the other query parameters). */
export function withLang(path, lang) {
  const u = new URL(path, config.base);
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

/**
 * Open a GET page in Arabic and in English (explicit `?lang=` choice), check each with axe
 * and RTL, and take both screenshots. Ends on the page in `endLang`.
 */
export async function bothLanguages(page, path, step, { endLang = 'en', status = 200 } = {}) {
  const order = endLang === 'en' ? ['ar', 'en'] : ['en', 'ar'];
  for (const lang of order) {
    const res = await page.goto(config.base + withLang(path, lang));
    assert.equal(res?.status(), status, `${path} in ${lang}`);
    await checkPage(page, lang, step);
    await shot(page, lang, step);
  }
}

/** Follows the current page's form post and waits for the next page; returns its response. */
export async function submit(page, locator) {
  const [res] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  return res;
}
