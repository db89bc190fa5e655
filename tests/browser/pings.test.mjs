// Ping tests (issue 4) in Chromium against the demo server that sends to the SMTP sink with a
// 30 s window (scripts/browser-tests.sh): the directory administrator starts a campaign for
// one state from the dashboard through its confirmation step; the messages arrive at the sink;
// a link scanner fetching (GET and HEAD) every URL of every message acknowledges nothing; a POC
// user enrolled beforehand by its state administrator acknowledges in the application; another
// POC acknowledges through the link of its message (the page, then the button); the deadline passes;
// the report with its charts in English and Arabic; the follow-up log. axe-core and
// screenshots on every new page in English and Arabic.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, axeRuns, config, launch, newContext, request, writeJson } from './lib/common.mjs';
import { enrolWithTotp } from './lib/auth.mjs';
import { messages, until, urls } from './lib/mail.mjs';
import { bothLanguages, checkPage, shot, submit, withLang } from './lib/pages.mjs';
import { signedInAdmin } from './lib/session.mjs';

const STATE = 'AE';
let browser;
let adminPage;
let campaign;
let rows = [];
const emailsOf = new Map();
let linkAcknowledged;
let saPage;
let pocPage;
let pocEntry;

async function report() {
  const r = await api('GET', `/api/v1/ping-campaigns/${campaign}/report`);
  assert.equal(r.status, 200, r.body);
  return r.data;
}

before(async () => {
  browser = await launch();
  const { storageState } = await signedInAdmin('pings');
  const context = await newContext(browser, 'en', { storageState });
  adminPage = await context.newPage();
});
after(async () => {
  await browser?.close();
  writeJson('axe-summary-pings.json', axeRuns);
});

test('a state administrator enrols a POC user of its state (before the ping test)', async () => {
  // The directory administrator issues a link for the state's administrator.
  await adminPage.goto(config.base + withLang(`/states/${STATE}/people`, 'en'));
  await adminPage.locator('#role').selectOption('state-admin');
  await adminPage.locator('#display_name').fill('Mariam Al Hosani');
  await submit(adminPage, adminPage.locator(`form[action="/states/${STATE}/people/links"] button[type=submit]`));
  const saLink = (await adminPage.locator('#enrolment-link').textContent())?.trim();
  const sa = await browser.newContext({ locale: 'en', extraHTTPHeaders: { 'accept-language': 'en' } });
  saPage = await sa.newPage();
  await enrolWithTotp(saPage, saLink, {
    login: `sa-${STATE.toLowerCase()}-${process.pid}@browser-test.example`,
    password: 'correct horse battery state admin',
    lang: 'en',
    prefix: 'pings-state-admin',
  });
  // It enrols a POC user bound to one of its entries.
  await saPage.goto(config.base + withLang(`/states/${STATE}/people`, 'en'));
  await saPage.locator('#role').selectOption('poc');
  pocEntry = await saPage.locator('#poc option:not([value=""])').first().getAttribute('value');
  await saPage.locator('#poc').selectOption(pocEntry);
  await saPage.locator('#display_name').fill('Khalid Al Mazrouei');
  await submit(saPage, saPage.locator(`form[action="/states/${STATE}/people/links"] button[type=submit]`));
  const pocLink = (await saPage.locator('#enrolment-link').textContent())?.trim();
  const poc = await browser.newContext({ locale: 'en', extraHTTPHeaders: { 'accept-language': 'en' } });
  pocPage = await poc.newPage();
  await enrolWithTotp(pocPage, pocLink, {
    login: `poc-${STATE.toLowerCase()}-${process.pid}@browser-test.example`,
    password: 'correct horse battery point of contact',
    lang: 'en',
    prefix: 'pings-poc',
  });
  await pocPage.goto(config.base + '/pings');
  assert.match(await pocPage.locator('main').innerText(), /No ping is waiting/);
});

test('dashboard: a ping test for one state, started through the confirmation step', async () => {
  await bothLanguages(adminPage, '/admin/pings', 'pings-dashboard');
  await adminPage.locator('#start-states').selectOption(STATE);
  await adminPage.locator('#start-role').selectOption('');
  await submit(adminPage, adminPage.locator('form[action="/admin/pings/start"] button[type=submit]'));
  const confirm = new URL(adminPage.url());
  assert.equal(confirm.pathname, '/admin/pings/start');
  // The confirmation step in both languages (axe, screenshots); it ends in English.
  await bothLanguages(adminPage, confirm.pathname + confirm.search, 'pings-confirm');
  assert.match(await adminPage.locator('main').innerText(), /United Arab Emirates/);
  await submit(adminPage, adminPage.locator('main form[method=post] button[type=submit]'));
  const m = /\/admin\/pings\/([0-9a-f-]{36})\?done=started$/.exec(adminPage.url());
  assert.ok(m, `not on the new campaign's report: ${adminPage.url()}`);
  campaign = m[1];
  assert.match(await adminPage.locator('.admin-notice[role=status]').innerText(), /has started/);
});

test('the messages reach the sink; a link scanner fetching every URL acknowledges nothing', async () => {
  const r = await until('every message handed to the sink', async () => {
    const d = await report();
    return d.campaign.counts.queued === 0 && d.campaign.counts.sent === d.campaign.counts.challenges ? d : null;
  });
  rows = r.pocs;
  assert.ok(rows.length >= 2, `few entries pinged: ${rows.length}`);
  for (const row of rows) {
    const e = await api('GET', `/api/v1/pocs/${row.poc}`);
    emailsOf.set(row.poc, (e.data.emails || []).map((x) => x.toLowerCase()));
  }
  const wanted = new Set([...emailsOf.values()].flat());
  const ours = await until('the campaign\'s messages in the sink', () => {
    const ms = messages(config.mailDir).filter((m) => m.meta.rcpt_to.some((t) => wanted.has(t.toLowerCase())));
    return ms.length >= rows.length ? ms : null;
  });
  for (const m of ours) {
    assert.ok(urls(m.text).some((u) => u.includes('/ping/')), `no ping link in message ${m.n}`);
  }
  // Every URL of every message at the sink (this campaign's, the crawler campaign's pings and
  // its escalations), as a mail security gateway would fetch them.
  const all = messages(config.mailDir);
  let fetched = 0;
  for (const m of all) {
    for (const u of urls(m.text)) {
      for (const method of ['GET', 'HEAD']) {
        // A HEAD answer has no body to decompress: ask for none.
        const headers = method === 'HEAD' ? { 'accept-encoding': 'identity' } : {};
        const res = await request(u, { method, headers });
        assert.ok(res.status < 500, `${method} ${u}: ${res.status}`);
        fetched += 1;
      }
    }
  }
  console.log(`link scanner: ${fetched} requests for ${all.length} messages`);
  const after = await report();
  assert.equal(after.campaign.counts.acknowledged + after.campaign.counts.late, 0, 'a GET or HEAD acknowledged a ping');
  const crawl = await api('GET', `/api/v1/ping-campaigns/${config.crawlCampaign}/report`);
  assert.equal(crawl.data.campaign.counts.acknowledged + crawl.data.campaign.counts.late, 0, 'a GET or HEAD acknowledged a ping of the crawler campaign');
  // Keep the message of an entry other than the POC user's for the link test.
  const first = rows.find((r) => r.poc !== pocEntry);
  const msg = ours.find((m) => m.meta.rcpt_to.some((t) => emailsOf.get(first.poc).includes(t.toLowerCase())));
  linkAcknowledged = { poc: first.poc, link: urls(msg.text).find((u) => u.includes('/ping/')) };
});

test('the POC user acknowledges in the application (channel in_app)', async () => {
  await bothLanguages(pocPage, '/pings', 'pings-mine');
  const button = pocPage.locator('form[action^="/pings/"] button[type=submit]');
  assert.equal(await button.count(), 1, await pocPage.locator('main').innerText());
  await submit(pocPage, button);
  assert.match(await pocPage.locator('[role=status]').innerText(), /recorded/);
  await checkPage(pocPage, 'en', 'pings-mine-done');
  await shot(pocPage, 'en', 'pings-mine-done');
  const row = (await report()).pocs.find((p) => p.poc === pocEntry);
  assert.equal(row.status, 'acknowledged');
  assert.equal(row.channel, 'in_app');
  // The state's own results, read by its administrator.
  await bothLanguages(saPage, '/admin/pings', 'pings-dashboard-state-admin');
  await bothLanguages(saPage, `/admin/pings/${campaign}`, 'pings-report-state-admin');
});

test('acknowledgement through the link: the page (Arabic), then its button', async () => {
  const context = await newContext(browser, 'ar');
  try {
    const page = await context.newPage();
    const res = await page.goto(linkAcknowledged.link);
    assert.equal(res?.status(), 200);
    await checkPage(page, 'ar', 'ping-link-confirm');
    await shot(page, 'ar', 'ping-link-confirm');
    await submit(page, page.locator('main form button[type=submit]'));
    await checkPage(page, 'ar', 'ping-link-done');
    await shot(page, 'ar', 'ping-link-done');
    const row = (await report()).pocs.find((p) => p.poc === linkAcknowledged.poc);
    assert.equal(row.status, 'acknowledged');
    assert.equal(row.channel, 'link');
  } finally {
    await context.close();
  }
});

test('the deadline passes: the report with its charts in English and Arabic, the CSV, the follow-up log', async () => {
  const d = await until('the deadline of the campaign', async () => {
    const r = await report();
    return r.campaign.counts.pending === 0 ? r : null;
  });
  assert.ok(d.campaign.counts.no_response >= 1, JSON.stringify(d.campaign.counts));
  const path = `/admin/pings/${campaign}`;
  for (const lang of ['en', 'ar']) {
    await adminPage.goto(config.base + withLang(path, lang));
    await checkPage(adminPage, lang, 'pings-report');
    await shot(adminPage, lang, 'pings-report');
    const titles = await adminPage.locator('svg.chart > title').allTextContents();
    assert.equal(titles.length, 2, `${lang}: two charts`);
    assert.ok(titles.every((t) => t.trim().length > 0));
    if (lang === 'ar') assert.ok(titles.every((t) => /[\u0600-\u06FF]/.test(t)), `Arabic chart titles: ${titles}`);
    // Each chart is an image with a name for screen readers, drawn on the page.
    for (const svg of await adminPage.locator('svg.chart').all()) {
      assert.equal(await svg.getAttribute('role'), 'img');
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 80, `${lang}: chart not laid out`);
    }
  }
  const cookies = await adminPage.context().cookies(config.base);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csv = await request(`${config.base}${path}.csv`, { headers: { cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.ok(csv.body.startsWith('\uFEFF'), 'CSV with a byte-order mark');
  assert.equal(csv.body.trim().split('\r\n').length, rows.length + 1);

  const followUp = `${path}/states/${STATE}`;
  await bothLanguages(adminPage, followUp, 'pings-follow-up');
  await adminPage.locator('#contacted_at').fill(new Date().toISOString().slice(0, 10));
  await adminPage.locator('#authority').fill('البعثة الدائمة لدولة الإمارات العربية المتحدة في جنيف');
  await adminPage.locator('#method').selectOption('note_verbale');
  await adminPage.locator('#outcome').selectOption('update_promised');
  await submit(adminPage, adminPage.locator(`form[action="${followUp}"] button[type=submit]`));
  assert.match(await adminPage.locator('[role=status]').innerText(), /recorded/);
  assert.match(await adminPage.locator('main table').innerText(), /البعثة الدائمة/);
  await checkPage(adminPage, 'en', 'pings-follow-up-recorded');
  await shot(adminPage, 'en', 'pings-follow-up-recorded');
});
