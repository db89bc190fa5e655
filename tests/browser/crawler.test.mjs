// Crawler: headers, cookies, third-party URLs and page weight of every page reachable by
// same-origin links, anonymously from `/` and (once signed in) from the directory and the
// administration pages. Writes crawler.json and prints the five heaviest pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { config, writeJson } from './lib/common.mjs';
import { crawl, heaviest, WEIGHT_BUDGET } from './lib/crawl.mjs';
import { signedInAdmin } from './lib/session.mjs';

const reports = [];

function summarise() {
  const all = reports.flatMap((r) => r.pages.map((p) => ({ ...p, crawl: r.label })));
  const top = heaviest(all, 5);
  writeJson('crawler.json', {
    budgetBytes: WEIGHT_BUDGET,
    heaviest: top.map((p) => ({ url: p.url, crawl: p.crawl, weight: p.weight, html: p.htmlBytes, assets: p.assets })),
    crawls: reports,
  });
  console.log('five heaviest pages (compressed HTML + CSS + JS):');
  for (const p of top) console.log(`  ${String(p.weight).padStart(7)} B  ${p.url}  [${p.crawl}; html ${p.htmlBytes} B]`);
}

test('anonymous crawl from / : headers, cookies, no third-party URLs, <= 50 KB', async () => {
  const r = await crawl(config.base, ['/', '/sign-in'], { label: 'anonymous' });
  reports.push(r);
  summarise();
  assert.ok(r.pages.filter((p) => p.status === 200).length >= 6, `too few pages: ${JSON.stringify(r.pages.map((p) => p.url))}`);
  assert.deepEqual(r.problems, []);
});

test('signed-in crawl (directory administrator) from /directory, /admin, /states, /account, /admin/pings', async () => {
  const { cookie } = await signedInAdmin('crawler');
  const r = await crawl(config.base, ['/directory', '/admin', '/states', '/account', '/admin/pings'], { cookie, label: 'signed-in', maxPages: 200 });
  reports.push(r);
  summarise();
  const ok = (prefix) => r.pages.some((p) => p.url.startsWith(prefix) && p.status === 200);
  assert.ok(ok('/directory/'), 'no entry page reached');
  assert.ok(ok('/admin/audit'), 'audit page not reached');
  assert.ok(ok('/states/'), 'no state page reached');
  // The ping pages, through the campaign browser-tests.sh started (issue 4).
  assert.ok(ok('/admin/pings'), 'ping dashboard not reached');
  assert.ok(ok(`/admin/pings/${config.crawlCampaign}`), 'ping report not reached');
  assert.ok(!r.pages.some((p) => p.location?.startsWith('/sign-in')), 'the session was lost during the crawl');
  assert.deepEqual(r.problems, []);
});
