// axe-core in Chromium, in English and Arabic (and the public page in all six languages):
// no serious or critical violation; Arabic pages are right-to-left.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tabThrough } from './lib/keyboard.mjs';
import { crawl, pattern } from './lib/crawl.mjs';
import { signedInAdmin } from './lib/session.mjs';
import { LANGS, axeRuns, config, describeViolations, launch, newContext, runAxe, writeJson } from './lib/common.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  writeJson('axe-summary.json', axeRuns);
});

async function check(lang, path, name) {
  const context = await newContext(browser, lang);
  try {
    const page = await context.newPage();
    const res = await page.goto(config.base + path);
    assert.ok(res, `no response for ${path}`);
    const html = page.locator('html');
    assert.equal(await html.getAttribute('lang'), lang, `${path}: <html lang>`);
    assert.equal(await html.getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr', `${path}: <html dir>`);
    if (lang === 'ar') {
      const direction = await page.evaluate(() => getComputedStyle(document.body).direction);
      assert.equal(direction, 'rtl', `${path}: computed direction`);
    }
    const { blocking, violations } = await runAxe(page, `${lang}-${name}`);
    assert.equal(blocking.length, 0, `${lang} ${path}: serious/critical axe violations:\n${describeViolations(blocking)}`);
    return { status: res.status(), violations };
  } finally {
    await context.close();
  }
}

for (const lang of LANGS) {
  test(`axe: public page / in ${lang}`, async () => {
    const { status } = await check(lang, '/', 'mandate');
    assert.equal(status, 200);
  });
}

for (const lang of ['en', 'ar']) {
  test(`axe: error page (404) in ${lang}`, async () => {
    const { status } = await check(lang, '/no-such-page', 'error-404');
    assert.equal(status, 404);
  });
  test(`axe: administration page, anonymous (redirect target) in ${lang}`, async () => {
    await check(lang, '/admin', 'admin-anonymous');
  });
}

for (const lang of ['en', 'ar']) {
  test(`keyboard: every control of the public page is reached by Tab, with visible focus (${lang})`, async () => {
    const context = await newContext(browser, lang);
    try {
      const page = await context.newPage();
      await page.goto(config.base + '/');
      const r = await tabThrough(page, 'body');
      assert.ok(r.expected.length >= 8, `few controls: ${r.expected}`);
      assert.deepEqual(r.missing, [], `not reachable by Tab: ${r.missing}`);
      assert.deepEqual(r.invisible, [], 'focus not visible');
    } finally {
      await context.close();
    }
  });
}

test('axe: every kind of page a signed-in directory administrator reaches, in English and Arabic', async () => {
  const { cookie, storageState } = await signedInAdmin('axe');
  const found = await crawl(config.base, ['/directory', '/admin', '/states', '/account', '/admin/pings'], { cookie, maxPages: 120, label: 'axe' });
  const kinds = new Map();
  for (const p of found.pages) {
    if (p.status !== 200 || !p.contentType.startsWith('text/html')) continue;
    const k = pattern(p.url);
    if (!kinds.has(k)) kinds.set(k, p.url);
  }
  assert.ok(kinds.size >= 8, `few kinds of page: ${[...kinds.keys()]}`);
  const failures = [];
  for (const lang of ['en', 'ar']) {
    const context = await newContext(browser, lang, { storageState });
    const page = await context.newPage();
    for (const [kind, url] of kinds) {
      const u = new URL(url, config.base);
      u.searchParams.set('lang', lang);
      const res = await page.goto(u.href);
      if (res?.status() !== 200 || new URL(page.url()).pathname === '/sign-in') {
        failures.push(`${lang} ${url}: ${res?.status()} at ${page.url()}`);
        continue;
      }
      const dir = await page.locator('html').getAttribute('dir');
      if (dir !== (lang === 'ar' ? 'rtl' : 'ltr')) failures.push(`${lang} ${url}: dir=${dir}`);
      const { blocking } = await runAxe(page, `${lang}-signed-in-${kind}`);
      if (blocking.length) failures.push(`${lang} ${url}:\n${describeViolations(blocking)}`);
    }
    await context.close();
  }
  console.log(`axe: ${kinds.size} kinds of signed-in page x 2 languages: ${[...kinds.keys()].join(' ')}`);
  assert.deepEqual(failures, []);
});
