// The script of the thread pages (issue 5): it takes over the forms the server rendered
// disabled, and does in the browser what the server must never do — make or unlock the POC's
// key, encrypt and sign what it writes, decrypt and verify what it reads, and sign the records
// archive. It talks to the thread API with the session cookie and the page's CSRF token in the
// `Liaison-CSRF` header (the same use cases as the CLI's bearer token).
//
// Secrets stay in memory: the passphrase is read from its field when needed, the unlocked
// key lives in a variable of this module until the page is left, and nothing is written to
// storage. Plaintext is put into the page with textContent only, never as HTML.

import * as e2e from './e2e.mjs';

const script = document.getElementById('th-script');
const CSRF = script?.dataset.csrf ?? '';
const LANG = document.documentElement.lang || 'en';
const T = document.getElementById('th-texts')?.dataset ?? {};
const statusLine = document.getElementById('th-status');
const DEVICE = 'browser';

// ----- small helpers ------------------------------------------------------------------------

function say(text, { error = false } = {}) {
  if (!statusLine) return;
  statusLine.textContent = text;
  statusLine.setAttribute('role', error ? 'alert' : 'status');
  statusLine.classList.toggle('th-error', error);
}

/** A translated explanation of a failure: the API's own message, or the crypto module's code. */
function explain(error) {
  if (error?.api?.message) return `${T.failed ?? ''} ${error.api.message}`;
  const byCode = {
    wrong_passphrase: T.wrongPassphrase,
    weak_passphrase: T.weakPassphrase,
    not_for_this_key: T.notForMe,
    bad_json: T.badJson,
    no_recipient: T.noRecipient,
    no_key: T.noKey,
  };
  return byCode[error?.code] ?? `${T.failed ?? ''} ${error?.code ?? error?.message ?? ''}`;
}

class PageError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

async function api(method, path, body) {
  const url = `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(LANG)}`;
  const headers = { 'liaison-csrf': CSRF, 'liaison-device': DEVICE, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const error = new Error(data?.error?.message ?? String(res.status));
    error.api = data?.error ?? null;
    error.status = res.status;
    throw error;
  }
  return data;
}

/** Enables a form the server rendered disabled, and runs `handler` on submit. */
function takeOver(form, handler) {
  if (!form) return;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    say(T.working ?? '');
    try {
      await handler(form, event);
    } catch (error) {
      say(explain(error), { error: true });
    } finally {
      if (button) button.disabled = false;
    }
  });
  for (const fs of form.querySelectorAll('fieldset[disabled]')) fs.disabled = false;
}

let unlocked = null;

/** The POC's key, unlocked with the passphrase typed in `#passphrase` (once per page). */
async function myKey() {
  if (unlocked) return unlocked;
  const field = document.getElementById('passphrase');
  const passphrase = field?.value ?? '';
  let blob;
  try {
    blob = await api('GET', '/api/v1/me/key-blob');
  } catch (error) {
    if (error.status === 404) throw new PageError('no_key');
    throw error;
  }
  unlocked = await e2e.unlockKey(blob.armored, passphrase);
  if (field) field.value = '';
  return unlocked;
}

const isoSeconds = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The document a template form describes: each `[data-path]` control, empty ones left out. */
function readTemplate(form, base) {
  const doc = { ...base };
  for (const el of form.querySelectorAll('[data-path]')) {
    let value;
    if (el.type === 'checkbox') {
      value = el.checked;
    } else {
      const raw = el.value.trim();
      if (raw === '') continue;
      if (el.dataset.time) value = isoSeconds(new Date(raw));
      else if (el.dataset.json) {
        try {
          value = JSON.parse(raw);
        } catch {
          throw new PageError('bad_json');
        }
      } else value = raw;
    }
    const parts = el.dataset.path.split('.');
    let at = doc;
    for (const p of parts.slice(0, -1)) at = at[p] ??= {};
    at[parts[parts.length - 1]] = value;
  }
  return doc;
}

async function pocKey(id) {
  const poc = await api('GET', `/api/v1/pocs/${id}`);
  return poc.openpgp_key ?? null;
}

// ----- the key page ---------------------------------------------------------------------------

async function keepAndPublish(poc, { publicKey, secretKey }) {
  // The blob first: the server checks that every secret part is locked before keeping it.
  const kept = await api('PUT', '/api/v1/me/key-blob', { armored: secretKey });
  await api('PUT', `/api/v1/pocs/${poc}/openpgp-key`, { openpgp_key: publicKey });
  const shown = document.getElementById('published-fingerprint');
  if (shown) shown.textContent = kept.fingerprint;
  say(T.published ?? '');
}

function keyPage(page) {
  const poc = page.dataset.poc;
  takeOver(document.getElementById('generate'), async () => {
    const passphrase = document.getElementById('g-passphrase');
    const made = await e2e.generateKeyPair({
      name: document.getElementById('g-name').value,
      // A user ID is "Name (Entity) <e-mail>": brackets inside a part would make it ambiguous.
      entity: document.getElementById('g-entity').value.replace(/[()<>]/g, ' ').replace(/\s+/g, ' ').trim(),
      email: document.getElementById('g-email').value,
      passphrase: passphrase.value,
    });
    passphrase.value = '';
    await keepAndPublish(poc, made);
  });
  takeOver(document.getElementById('import'), async () => {
    const armored = document.getElementById('i-armored');
    const passphrase = document.getElementById('i-passphrase');
    const key = await e2e.unlockKey(armored.value, passphrase.value);
    // Locked again with the strongest S2K GnuPG 2.2 reads, whatever the original used.
    const keys = await e2e.exportKeys(key, passphrase.value);
    armored.value = '';
    passphrase.value = '';
    await keepAndPublish(poc, keys);
  });
}

// ----- a new inquiry --------------------------------------------------------------------------

function composePage(form) {
  takeOver(form, async () => {
    const recipients = [...form.querySelectorAll('input[name=to]:checked')].map((i) => i.value);
    if (recipients.length === 0) throw new PageError('no_recipient');
    const urgency = document.getElementById('urgency').value;
    const respondByRaw = document.getElementById('respond-by').value;
    const respondBy = respondByRaw ? isoSeconds(new Date(respondByRaw)) : null;
    const doc = readTemplate(form, { template: 'inquiry', version: 1, language: form.dataset.lang });
    doc.time_sensitivity = { urgency, ...(respondBy ? { respond_by: respondBy } : {}) };
    const key = await myKey();
    const keys = (await Promise.all(recipients.map(pocKey))).filter(Boolean);
    const ciphertext = await e2e.encryptAndSign(JSON.stringify(doc), e2e.withSender(keys, key), key);
    const body = { recipients, urgency, exercise: document.getElementById('exercise').checked, ciphertext };
    if (respondBy) body.respond_by = respondBy;
    const answer = await api('POST', '/api/v1/threads', body);
    say(T.sent ?? '');
    window.location.assign(`/threads/${answer.thread.id}`);
  });
}

// ----- one thread -----------------------------------------------------------------------------

const templates = {};
async function template(name) {
  templates[name] ??= api('GET', `/api/v1/templates/${name}`);
  return templates[name];
}

function signatureText(sig) {
  return {
    valid: T.sigValid,
    invalid: T.sigInvalid,
    unknown_signer: T.sigUnknown,
    unsigned: T.sigUnsigned,
  }[sig.status] ?? sig.status;
}

/** A template document as a list of labelled values: labels and choices in the reader's
 * language, free text as written (its language marked), the writer's translation below. */
async function renderDocument(doc) {
  const name = doc?.template === 'response' ? 'response-v1' : 'inquiry-v1';
  const t = await template(name);
  const dl = document.createElement('dl');
  dl.className = 'th-doc';
  const translation = doc?.translation?.text ?? {};
  const walk = (value, path) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && path !== 'stix' && path !== 'translation') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    if (['template', 'version', 'translation'].includes(path)) return;
    const dt = document.createElement('dt');
    dt.textContent = t.labels[path] ?? path;
    const dd = document.createElement('dd');
    const choice = (t.choices[path] ?? []).find((c) => c.value === value);
    if (choice) dd.textContent = choice.label;
    else if (typeof value === 'boolean') dd.textContent = value ? T.yes : T.no;
    else if (path === 'stix') {
      const pre = document.createElement('pre');
      pre.dir = 'ltr';
      pre.textContent = JSON.stringify(value, null, 2);
      dd.append(pre);
    } else {
      const span = document.createElement('span');
      span.dir = 'auto';
      if (doc.language) span.lang = doc.language;
      span.textContent = String(value);
      dd.append(span);
      if (translation[path]) {
        const tr = document.createElement('p');
        tr.className = 'th-translation';
        tr.dir = 'auto';
        if (doc.translation.language) tr.lang = doc.translation.language;
        tr.textContent = `${t.labels.translation ?? ''}: ${translation[path]}`;
        dd.append(tr);
      }
    }
    dl.append(dt, dd);
  };
  walk(doc, '');
  return dl;
}

/** Decrypts one message: the first copy this key can read. */
async function readMessage(message, key, signers) {
  for (const copy of [...message.copies].reverse()) {
    try {
      const out = await e2e.decryptAndVerify(copy.ciphertext, key, signers);
      return { copy, ...out };
    } catch (error) {
      if (error.code !== 'not_for_this_key') return { copy, error };
    }
  }
  return { copy: message.copies[0] ?? null, error: new PageError('not_for_this_key') };
}

async function audienceKeys(thread, purpose) {
  const audience = await api('GET', `/api/v1/threads/${thread}/audience?purpose=${purpose}`);
  return audience.members.map((m) => m.openpgp_key).filter(Boolean);
}

/** Whom a message of the thread is for (and who may have signed one). */
const signersOf = (thread) => audienceKeys(thread, 'message');

/** Every key that may have signed what this reader sees: the participants (when it is one)
 * and its own state's POCs (coordination notes). */
async function knownSigners(thread) {
  const lists = await Promise.all(['message', 'note'].map((p) => audienceKeys(thread, p).catch(() => [])));
  return [...new Set(lists.flat())];
}

function participantName(poc) {
  const row = document.querySelector(`#stages tr[data-poc="${CSS.escape(poc)}"] th`);
  return row ? row.firstChild?.textContent?.trim() ?? poc : poc;
}

const decrypted = [];

async function showMessages(thread, container) {
  const key = await myKey();
  const [detail, signers] = await Promise.all([api('GET', `/api/v1/threads/${thread}`), knownSigners(thread)]);
  signers.push(key.publicKey);
  container.replaceChildren();
  decrypted.length = 0;
  for (const m of detail.messages) {
    const article = document.createElement('article');
    article.className = 'th-message';
    article.dataset.kind = m.kind;
    const h = document.createElement('h3');
    const kindKey = `kind${m.kind[0].toUpperCase()}${m.kind.slice(1)}`;
    h.textContent = `${T[kindKey] ?? m.kind} — ${participantName(m.author)} — ${new Date(m.at).toLocaleString(LANG)}`;
    article.append(h);
    if (m.copies.length > 0) {
      const read = await readMessage(m, key, signers);
      const sig = document.createElement('p');
      sig.className = 'th-signature';
      if (read.error) {
        sig.textContent = explain(read.error);
      } else {
        sig.textContent = signatureText(read.signature);
        sig.dataset.status = read.signature.status;
        let doc = null;
        try {
          doc = JSON.parse(read.text ?? '');
        } catch {
          doc = null;
        }
        if (doc && typeof doc === 'object') article.append(await renderDocument(doc));
        else {
          const pre = document.createElement('pre');
          pre.dir = 'auto';
          pre.textContent = read.text ?? '';
          article.append(pre);
        }
        decrypted.push({ message: m, text: read.text });
      }
      article.append(sig);
    }
    container.append(article);
  }
  say(T.done ?? '');
}

function threadPage(page) {
  const thread = page.dataset.thread;
  const container = document.getElementById('messages');
  takeOver(document.getElementById('unlock'), () => showMessages(thread, container));
  takeOver(document.getElementById('respond'), async (form) => {
    const key = await myKey();
    const inquiry = decrypted.find((d) => d.message.kind === 'inquiry' || d.message.kind === 'forwarded');
    const doc = readTemplate(form, { template: 'response', version: 1, language: page.dataset.lang });
    if (inquiry) doc.in_reply_to = inquiry.message.id;
    const keys = await signersOf(thread);
    const ciphertext = await e2e.encryptAndSign(JSON.stringify(doc), e2e.withSender(keys, key), key);
    await api('POST', `/api/v1/threads/${thread}/responses`, { ciphertext });
    say(T.sent ?? '');
    window.location.reload();
  });
  takeOver(document.getElementById('note'), async () => {
    const key = await myKey();
    const text = document.getElementById('note-text');
    const keys = await audienceKeys(thread, 'note');
    const ciphertext = await e2e.encryptAndSign(text.value, e2e.withSender(keys, key), key);
    await api('POST', `/api/v1/threads/${thread}/notes`, { ciphertext });
    text.value = '';
    await showMessages(thread, container);
    say(T.sent ?? '');
  });
  for (const form of document.querySelectorAll('form[data-e2e=forward]')) {
    takeOver(form, async () => {
      const key = await myKey();
      if (decrypted.length === 0) await showMessages(thread, container);
      const targets = form.dataset.targets.split(',').filter(Boolean);
      const keys = (await Promise.all(targets.map(pocKey))).filter(Boolean);
      // What is forwarded: the thread's documents as this POC read them, in order.
      const content = JSON.stringify(decrypted.map((d) => ({ kind: d.message.kind, at: d.message.at, text: d.text })));
      const ciphertext = await e2e.encryptAndSign(content, e2e.withSender(keys, key), key);
      const answer = await api('POST', `/api/v1/threads/${thread}/forward`, {
        consent: form.dataset.consent,
        targets,
        ciphertext,
      });
      say(T.sent ?? '');
      window.location.assign(`/threads/${answer.thread.id}`);
    });
  }
}

// ----- the records export (docs/records-archive.md) ---------------------------------------------

const hex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
async function sha256(text) {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** CRC-24 of RFC 4880 §6.1, for the armor checksum line. */
function crc24(bytes) {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i += 1) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The one armor the verifier accepts: no headers, 64-column base64, the CRC line. */
function armorSignature(packet) {
  const body = base64(packet).match(/.{1,64}/g).join('\n');
  const c = crc24(packet);
  const crc = base64(new Uint8Array([(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff]));
  return `-----BEGIN PGP SIGNATURE-----\n\n${body}\n=${crc}\n-----END PGP SIGNATURE-----\n`;
}

async function signDetached(bytes, key) {
  const openpgp = await e2e.loadLibrary();
  const message = await openpgp.createMessage({ binary: bytes });
  const sig = await openpgp.sign({ message, signingKeys: key.key, detached: true, format: 'binary' });
  return armorSignature(sig);
}

function archiveSignature(read) {
  if (read.error) return { status: 'not_decrypted' };
  const s = read.signature;
  if (s.status === 'valid') {
    return { status: 'valid', signer_fingerprint: s.signerFingerprint, signed_at: s.signedAt ? isoSeconds(new Date(s.signedAt)) : null };
  }
  if (s.status === 'invalid') return { status: 'invalid', signer_fingerprint: s.signerFingerprint };
  if (s.status === 'unknown_signer') return { status: 'unknown_signer', issuer: String(s.signerFingerprint).toUpperCase() };
  return { status: 'unsigned' };
}

function download(list, name, type, text) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.textContent = name;
  a.id = `download-${name.replace(/[^a-z]/g, '-')}`;
  const li = document.createElement('li');
  li.append(a);
  list.append(li);
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** A readable rendering of a manifest: a view of what is signed, not part of it. */
function renderArchiveHtml(manifest, exerciseLabel) {
  const parts = [`<!doctype html><html lang="${escapeHtml(LANG)}" dir="${document.documentElement.dir}"><meta charset="utf-8">`,
    `<title>${escapeHtml(document.title)}</title><h1>${escapeHtml(document.title)}</h1>`,
    `<p>${escapeHtml(manifest.poc.entity_name)} (${escapeHtml(manifest.poc.state)}) · ${escapeHtml(manifest.poc.key_fingerprint)} · ${escapeHtml(manifest.exported_at)}</p>`];
  for (const t of manifest.threads) {
    parts.push(`<section><h2>${t.exercise ? `[${escapeHtml(exerciseLabel)}] ` : ''}${escapeHtml(t.id)} — ${escapeHtml(t.status)}</h2>`);
    for (const m of t.messages) {
      const kind = T[`kind${m.kind[0].toUpperCase()}${m.kind.slice(1)}`] ?? m.kind;
      const sig = m.signature.status === 'not_decrypted' ? T.notForMe : signatureText(m.signature);
      parts.push(`<article><h3>${escapeHtml(kind)} · ${escapeHtml(m.sent_at)} · ${escapeHtml(sig)}</h3><pre dir="auto">${escapeHtml(m.plaintext ?? '')}</pre></article>`);
    }
    parts.push('</section>');
  }
  return parts.join('\n');
}

function exportPage(page) {
  const list = document.getElementById('downloads');
  takeOver(document.getElementById('export'), async () => {
    const key = await myKey();
    const mine = await api('GET', '/api/v1/threads');
    const entities = new Map();
    const entryOf = async (id) => {
      if (!entities.has(id)) entities.set(id, api('GET', `/api/v1/pocs/${id}`).catch(() => null));
      return entities.get(id);
    };
    const threads = [];
    let exerciseLabel = '';
    for (const item of mine.items) {
      const detail = await api('GET', `/api/v1/threads/${item.id}`);
      const signers = (await knownSigners(item.id)).concat([key.publicKey]);
      if (detail.thread.label) exerciseLabel = detail.thread.label;
      const participants = [];
      for (const p of detail.thread.participants) {
        if (p.poc === page.dataset.poc) continue;
        const entry = await entryOf(p.poc);
        participants.push({
          poc_id: p.poc,
          state: p.state,
          role: p.role,
          entity_name: entry?.entity_name ?? entry?.person_name ?? '',
          key_fingerprint: entry?.openpgp?.fingerprint ?? null,
        });
      }
      const messages = [];
      for (const m of detail.messages) {
        if (m.copies.length === 0) continue;
        const read = await readMessage(m, key, signers);
        const plaintext = read.error ? null : read.text;
        messages.push({
          id: m.id,
          kind: m.kind,
          sent_at: m.at,
          sender_poc_id: m.author,
          openpgp_message: read.copy.ciphertext,
          openpgp_message_sha256: await sha256(read.copy.ciphertext),
          plaintext,
          plaintext_sha256: plaintext === null ? null : await sha256(plaintext),
          signature: plaintext === null ? { status: 'not_decrypted' } : archiveSignature(read),
        });
      }
      threads.push({
        id: detail.thread.id,
        exercise: detail.thread.exercise,
        status: detail.thread.state,
        opened_at: detail.thread.created_at,
        participants,
        messages,
      });
    }
    // Field order is the canonical order (crates/liaison-openpgp/src/archive.rs); JSON.stringify
    // writes no whitespace and escapes exactly what serde_json escapes.
    const manifest = {
      format: 'liaison-records-archive',
      version: 1,
      exported_at: isoSeconds(new Date()),
      generator: `liaison ${page.dataset.version} (browser)`,
      poc: {
        id: page.dataset.poc,
        state: page.dataset.state,
        role: page.dataset.role,
        entity_name: page.dataset.entity,
        key_fingerprint: key.fingerprint,
      },
      threads,
    };
    const text = JSON.stringify(manifest);
    const signature = await signDetached(new TextEncoder().encode(text), key);
    list.replaceChildren();
    download(list, 'records.json', 'application/json', text);
    download(list, 'records.json.asc', 'application/pgp-signature', signature);
    download(list, 'records.html', 'text/html', renderArchiveHtml(manifest, exerciseLabel));
    say(T.exported ?? '');
  });
}

// ----- which page -----------------------------------------------------------------------------

const keyPageEl = document.getElementById('key-page');
if (keyPageEl) keyPage(keyPageEl);
const compose = document.getElementById('compose');
if (compose) composePage(compose);
const threadEl = document.getElementById('thread');
if (threadEl) threadPage(threadEl);
const exportEl = document.getElementById('export-page');
if (exportEl) exportPage(exportEl);
