// Directory steps of the flow, through the pages as a person would use them.

import assert from 'node:assert/strict';
import { config } from './common.mjs';
import { checkPage, shot, submit, withLang } from './pages.mjs';

/** An entry written in Arabic, with its informal English translation. */
export const ARABIC_ENTRY = {
  role: 'technical',
  kind: 'person',
  entry_language: 'ar',
  entity_name: 'الهيئة الوطنية للاستجابة لطوارئ الحاسب',
  person_name: 'سلمى عبد الرحمن',
  person_title: 'مديرة العمليات',
  phone_number_0: '+20 2 2345 6789',
  email_0: 'salma.abdelrahman@cert.eg.example',
  time_zone: 'Africa/Cairo',
  availability: '24/7',
  en_entity_name: 'National Computer Emergency Response Authority',
  en_person_name: 'Salma Abdelrahman',
  en_title: 'Director of Operations',
  reason: 'تسمية بموجب مذكرة شفوية',
};

const SELECTS = new Set(['role', 'kind', 'entry_language', 'availability', 'phone_type_0']);

/** Fill the entry form by its field names (the labels are in the page's language). */
export async function fillEntryForm(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const control = page.locator(`form.dir-form [name="${name}"]`);
    if (SELECTS.has(name)) await control.selectOption(value);
    else await control.fill(value);
    // Every control has an accessible name (its label).
    const label = await control.evaluate((el) => el.labels?.[0]?.textContent?.trim() ?? '');
    assert.ok(label.length > 0, `control ${name} has no label`);
  }
}

/**
 * Nominate `entry` from /directory/new in `lang`; returns the new entry's id. Screenshots
 * of the form and of the entry page.
 */
export async function nominate(page, lang, entry, step = 'nominate') {
  const res = await page.goto(config.base + withLang('/directory/new', lang));
  assert.equal(res?.status(), 200);
  await checkPage(page, lang, `${step}-form`);
  await fillEntryForm(page, entry);
  await page.locator('form.dir-form [name="working_languages"][value="ar"]').check();
  await page.locator('form.dir-form [name="working_languages"][value="en"]').check();
  await shot(page, lang, `${step}-form`);
  const done = await submit(page, page.locator('form.dir-form button[type=submit]'));
  assert.equal(done?.status(), 200, `after nominating: ${page.url()}`);
  const m = /\/directory\/([0-9a-f-]{36})\?done=created$/.exec(new URL(page.url()).pathname + new URL(page.url()).search);
  assert.ok(m, `not on the new entry's page: ${page.url()}`);
  await checkPage(page, lang, `${step}-entry`);
  await shot(page, lang, `${step}-entry`);
  return m[1];
}

/** Search /directory?q=… (through the search form) and expect the entry among the results. */
export async function findByQuery(page, lang, query, id, step) {
  await page.goto(config.base + withLang('/directory', lang));
  await page.locator('form.dir-search input[name="q"]').fill(query);
  await submit(page, page.locator('form.dir-search button[type=submit]'));
  const u = new URL(page.url());
  assert.equal(u.searchParams.get('q'), query, 'the query is in the address');
  const link = page.locator(`main a[href="/directory/${id}"]`);
  assert.ok((await link.count()) >= 1, `${query}: entry ${id} not among the results`);
  await checkPage(page, lang, step);
  await shot(page, lang, step);
}
