// The browser's end-to-end encryption (crates/liaison-web/static/js/e2e.mjs, on the vendored
// OpenPGP.js) against two independent implementations: GnuPG 2.2 (`gpg`) and the Rust crate
// (crates/liaison-openpgp, through its `openpgp-helper` example). Issue 5: what the browser
// encrypts, GnuPG and the CLI read, and the reverse; a known marker never appears in
// ciphertext. Then the same module in Chromium under the pages' real Content-Security-Policy
// (script-src 'self', no eval, no wasm), loaded from a small server of this test.
//
// Needs no Liaison server. Needs: gpg, Chromium (LIAISON_CHROMIUM or /usr/bin/chromium) and the
// helper binary (LIAISON_OPENPGP_HELPER, default target/debug/examples/openpgp-helper; built by
// `cargo test -p liaison-openpgp` or `cargo build -p liaison-openpgp --example openpgp-helper`,
// and by scripts/browser-tests.sh when missing).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { launch } from './lib/common.mjs';
import * as e2e from '../../crates/liaison-web/static/js/e2e.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const STATIC = path.join(REPO, 'crates/liaison-web/static');
const VENDOR = path.join(STATIC, 'js/vendor/openpgp');
const HELPER = process.env.LIAISON_OPENPGP_HELPER || path.join(REPO, 'target/debug/examples/openpgp-helper');
const PASSPHRASE = 'browser interop passphrase';
const MARKER = 'MARKER-9d41-exfiltration-from-health-ministry';

let work;
let gnupg;

function helper(args, input) {
  const out = spawnSync(HELPER, args, {
    input,
    env: { ...process.env, LIAISON_OPENPGP_PASSPHRASE: PASSPHRASE },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(out.status, 0, `openpgp-helper ${args.join(' ')}: ${out.stderr}`);
  return out.stdout;
}

function gpg(args, input, { ok = true } = {}) {
  const out = spawnSync(
    'gpg',
    ['--homedir', gnupg, '--batch', '--yes', '--no-tty', '--pinentry-mode', 'loopback',
      '--passphrase-file', path.join(work, 'passphrase'), '--status-fd', '2', ...args],
    { input, maxBuffer: 64 * 1024 * 1024 },
  );
  if (ok) assert.equal(out.status, 0, `gpg ${args.join(' ')}: ${out.stderr}`);
  return { status: out.status, stdout: out.stdout, status_lines: String(out.stderr).split('\n').filter((l) => l.startsWith('[GNUPG:] ')) };
}

const write = (name, data) => {
  const p = path.join(work, name);
  fs.writeFileSync(p, data);
  return p;
};

// Keys made once: one by the browser module, one by the Rust crate, one by GnuPG.
const keys = {};

before(() => {
  assert.ok(fs.existsSync(HELPER), `${HELPER} is missing: cargo build -p liaison-openpgp --example openpgp-helper`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-'));
  gnupg = path.join(work, 'gnupg');
  fs.mkdirSync(gnupg, { mode: 0o700 });
  fs.writeFileSync(path.join(gnupg, 'gpg.conf'), 'no-auto-key-locate\nno-auto-key-retrieve\ntrust-model always\n');
  write('passphrase', PASSPHRASE);
});

after(() => {
  spawnSync('gpgconf', ['--homedir', gnupg, '--kill', 'all']);
  fs.rmSync(work, { recursive: true, force: true });
});

test('a key pair made in the browser module is a GnuPG 2.2 key', async () => {
  const date = new Date(Date.now() - 60_000);
  keys.js = await e2e.generateKeyPair({ name: 'Amina Haddad', entity: 'CERT-MA', email: 'amina@cert.ma.example', passphrase: PASSPHRASE, date });
  assert.match(keys.js.fingerprint, /^[0-9A-F]{40}$/);
  assert.match(keys.js.publicKey, /^-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n/);
  assert.doesNotMatch(keys.js.publicKey, /Version:|Comment:/);
  gpg(['--import'], keys.js.secretKey);
  const listing = String(gpg(['--with-colons', '--fixed-list-mode', '--list-secret-keys', keys.js.fingerprint]).stdout);
  const sec = listing.split('\n').find((l) => l.startsWith('sec:')).split(':');
  const ssb = listing.split('\n').find((l) => l.startsWith('ssb:')).split(':');
  assert.equal(sec[3], '22', 'EdDSA primary');
  assert.equal(sec[16], 'ed25519');
  assert.equal(ssb[3], '18', 'ECDH subkey');
  assert.equal(ssb[16], 'cv25519');
  assert.equal(ssb[11], 'e');
  // Two years.
  const years = (Number(sec[6]) - Number(sec[5])) / (365.25 * 24 * 3600);
  assert.ok(years > 1.99 && years < 2.01, `validity ${years} years`);
  assert.match(listing, /Amina Haddad \(CERT-MA\) <amina@cert\.ma\.example>/);
  // Secret parts: AES-256 (9), iterated-and-salted SHA-256 (8) S2K at the maximum count; the
  // self-signature announces SEIPD v1 only (features 01) and prefers AES-256, no compression.
  const packets = String(gpg(['--list-packets'], keys.js.secretKey).stdout);
  assert.equal(packets.match(/iter\+salt S2K, algo: 9, SHA1 protection, hash: 8/g)?.length, 2, packets);
  assert.equal(packets.match(/protect count: 65011712 \(255\)/g)?.length, 2, packets);
  assert.match(packets, /features: 01\)/);
  assert.match(packets, /pref-sym-algos: 9 /);
  assert.match(packets, /pref-zip-algos: 0 /);
  // The Rust crate accepts it as a POC's published key and as a secret key with this passphrase.
  write('js.pub.asc', keys.js.publicKey);
  write('js.sec.asc', keys.js.secretKey);
  const signature = helper(['sign', path.join(work, 'js.sec.asc'), new Date().toISOString()], 'probe');
  write('probe.asc', signature);
  const verified = JSON.parse(helper(['verify', path.join(work, 'js.pub.asc'), path.join(work, 'probe.asc')], 'probe'));
  assert.equal(verified.signer_fingerprint, keys.js.fingerprint);
  // The wrong passphrase is refused, with a code.
  await assert.rejects(e2e.unlockKey(keys.js.secretKey, 'not the passphrase'), { code: 'wrong_passphrase' });
  await assert.rejects(e2e.generateKeyPair({ name: 'X', email: 'x@x.example', passphrase: 'short' }), { code: 'weak_passphrase' });
  await assert.rejects(e2e.generateKeyPair({ name: 'X <y>', email: 'x@x.example', passphrase: PASSPHRASE }), { code: 'bad_user_id' });

  keys.rust = {
    fingerprint: String(helper(['generate', 'Rustam Karimov', 'CERT-UZ', 'rustam@cert.uz.example',
      new Date(Date.now() - 60_000).toISOString(), path.join(work, 'rust.sec.asc'), path.join(work, 'rust.pub.asc')])).trim(),
  };
  keys.rust.publicKey = fs.readFileSync(path.join(work, 'rust.pub.asc'), 'utf8');
  gpg(['--import'], keys.rust.publicKey);
});

test('the browser encrypts and signs; GnuPG and the Rust crate decrypt and verify', async () => {
  const me = await e2e.unlockKey(keys.js.secretKey, PASSPHRASE);
  const plaintext = `${MARKER}\nالبنية التحتية الحرجة — infrastructure critique — 关键基础设施`;
  const message = await e2e.encryptAndSign(plaintext, e2e.withSender([keys.rust.publicKey], me), me);
  assert.ok(!message.includes(MARKER), 'marker in ciphertext');
  assert.match(message, /^-----BEGIN PGP MESSAGE-----\n\n/);

  const out = gpg(['--decrypt'], message);
  assert.equal(String(out.stdout), plaintext);
  const lines = out.status_lines.join('\n');
  assert.match(lines, new RegExp(`VALIDSIG ${keys.js.fingerprint}`));
  assert.match(lines, /DECRYPTION_OKAY/);
  assert.match(lines, /GOODMDC/);
  assert.match(lines, /DECRYPTION_INFO 2 9/, 'SEIPD v1 with MDC, AES-256');
  assert.equal(out.status_lines.filter((l) => l.includes(' ENC_TO ')).length, 2);

  const read = JSON.parse(helper(['decrypt', path.join(work, 'rust.sec.asc'), path.join(work, 'js.pub.asc')], message));
  assert.equal(Buffer.from(read.plaintext_base64, 'base64').toString('utf8'), plaintext);
  assert.equal(read.signature, 'valid');
  assert.equal(read.signer_fingerprint, keys.js.fingerprint);
  assert.equal(read.recipient_key_ids.length, 2);

  // The sender reads its own message too.
  const back = await e2e.decryptAndVerify(message, me, [keys.js.publicKey]);
  assert.equal(back.text, plaintext);
  assert.equal(back.signature.status, 'valid');
});

test('the Rust crate and GnuPG encrypt and sign; the browser decrypts and verifies', async () => {
  const me = await e2e.unlockKey(keys.js.secretKey, PASSPHRASE);
  const plaintext = `${MARKER} from the CLI`;
  const fromRust = String(helper(['encrypt', path.join(work, 'rust.sec.asc'), new Date().toISOString(),
    path.join(work, 'js.pub.asc'), path.join(work, 'rust.pub.asc')], plaintext));
  assert.ok(!fromRust.includes(MARKER));
  write('from-rust.asc', fromRust);
  const read = await e2e.decryptAndVerify(fromRust, me, [keys.rust.publicKey]);
  assert.equal(read.text, plaintext);
  assert.deepEqual({ status: read.signature.status, signer: read.signature.signerFingerprint }, { status: 'valid', signer: keys.rust.fingerprint });
  assert.ok(read.signature.signedAt instanceof Date);
  // Without the sender's key: unknown signer, not valid.
  const unknown = await e2e.decryptAndVerify(fromRust, me, []);
  assert.equal(unknown.signature.status, 'unknown_signer');

  // GnuPG (its own key, its default ZLIB compression) to the browser's key.
  gpg(['--quick-gen-key', 'Gao Wei <gao@cert.cn.example>', 'ed25519', 'default', '1y']);
  const gpgPublic = String(gpg(['--armor', '--export', 'gao@cert.cn.example']).stdout);
  const fromGpg = String(gpg(['--armor', '--sign', '--encrypt', '--local-user', 'gao@cert.cn.example',
    '--recipient', keys.js.fingerprint], `${MARKER} from GnuPG`).stdout);
  assert.ok(!fromGpg.includes(MARKER));
  const fromGnupg = await e2e.decryptAndVerify(fromGpg, me, [gpgPublic]);
  assert.equal(fromGnupg.text, `${MARKER} from GnuPG`);
  assert.equal(fromGnupg.signature.status, 'valid');
});

test('the browser module refuses what it must not read', async () => {
  const me = await e2e.unlockKey(keys.js.secretKey, PASSPHRASE);
  const message = await e2e.encryptAndSign(MARKER, e2e.withSender([], me), me);
  // One changed character in the base64 of the encrypted data.
  const lines = message.split('\n');
  const at = Math.floor(lines.length / 2);
  lines[at] = (lines[at][0] === 'A' ? 'B' : 'A') + lines[at].slice(1);
  await assert.rejects(e2e.decryptAndVerify(lines.join('\n'), me, [keys.js.publicKey]), (error) => ['integrity', 'bad_message'].includes(error.code));
  // Not for this key.
  const other = String(helper(['encrypt', path.join(work, 'rust.sec.asc'), new Date().toISOString(), path.join(work, 'rust.pub.asc')], MARKER));
  await assert.rejects(e2e.decryptAndVerify(other, me, []), { code: 'not_for_this_key' });
  // Signed but not encrypted.
  const signedOnly = String(gpg(['--armor', '--sign', '--local-user', 'gao@cert.cn.example'], MARKER).stdout);
  await assert.rejects(e2e.decryptAndVerify(signedOnly, me, []), { code: 'not_encrypted' });
  await assert.rejects(e2e.decryptAndVerify('x'.repeat(e2e.LIMITS.messageArmorBytes + 1), me, []), { code: 'too_large' });
  await assert.rejects(e2e.encryptAndSign(MARKER, [], me), { code: 'no_recipients' });
  await assert.rejects(e2e.encryptAndSign(MARKER, ['not a key'], me), { code: 'bad_key' });
});

// --- Chromium, under the pages' real CSP --------------------------------------------------------

/** PAGE_CSP as the Rust source defines it, so this test follows any change to it. */
function pageCsp() {
  const source = fs.readFileSync(path.join(REPO, 'crates/liaison-web/src/pages/mod.rs'), 'utf8');
  const match = source.match(/pub const PAGE_CSP: &str = "([\s\S]*?)";/);
  assert.ok(match, 'PAGE_CSP not found in pages/mod.rs');
  return match[1].replace(/\\\n\s*/g, '');
}

function serve(files, csp) {
  const types = { '.mjs': 'text/javascript', '.html': 'text/html; charset=utf-8', '.asc': 'text/plain', '.txt': 'text/plain' };
  const requested = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requested.push(url.pathname);
    let file = files[url.pathname];
    if (!file && url.pathname.startsWith('/static/js/')) {
      const candidate = path.join(STATIC, url.pathname.slice('/static/'.length));
      if (candidate.startsWith(path.join(STATIC, 'js')) && fs.existsSync(candidate)) file = candidate;
    }
    if (!file) {
      res.writeHead(404, { 'content-security-policy': csp }).end();
      return;
    }
    const body = typeof file === 'string' && fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from(file.content);
    res.writeHead(200, {
      'content-type': types[path.extname(url.pathname)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
    }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, requested, port: server.address().port })));
}

test('in Chromium, under script-src self without unsafe-eval or wasm, the module works', async () => {
  const csp = pageCsp();
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-eval|wasm-unsafe-eval|unsafe-inline/);
  const page = { content: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title><script type="module" src="/probe.mjs"></script></head><body></body></html>' };
  const { server, requested, port } = await serve({
    '/index.html': page,
    '/probe.mjs': path.join(HERE, 'lib/e2e-probe.mjs'),
    '/passphrase.txt': { content: PASSPHRASE },
    '/marker.txt': { content: MARKER },
    '/rust.pub.asc': path.join(work, 'rust.pub.asc'),
    '/js.sec.asc': path.join(work, 'js.sec.asc'),
    '/js.pub.asc': path.join(work, 'js.pub.asc'),
    '/from-rust.asc': path.join(work, 'from-rust.asc'),
  }, csp);
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const consoleErrors = [];
    tab.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    tab.on('pageerror', (e) => consoleErrors.push(String(e)));
    await tab.goto(`http://127.0.0.1:${port}/index.html`);
    await tab.waitForFunction(() => document.body?.dataset.result, null, { timeout: 120_000 });
    const result = JSON.parse(await tab.evaluate(() => document.body.dataset.result));
    assert.equal(result.ok, true, result.error);
    assert.deepEqual(result.violations, [], 'CSP violations');
    assert.deepEqual(consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e)), []);
    assert.equal(result.back, MARKER);
    assert.equal(result.backSignature, 'valid');
    assert.equal(result.read, `${MARKER} from the CLI`);
    assert.equal(result.readSignature, 'valid');
    assert.equal(result.readSigner, keys.rust.fingerprint);
    assert.equal(result.wrong, 'wrong_passphrase');
    assert.equal(result.generatedFingerprint, result.freshFingerprint);
    assert.ok(!result.message.includes(MARKER));
    // What the browser wrote, GnuPG and the Rust crate read.
    const read = JSON.parse(helper(['decrypt', path.join(work, 'rust.sec.asc'), path.join(work, 'js.pub.asc')], result.message));
    assert.equal(Buffer.from(read.plaintext_base64, 'base64').toString('utf8'), MARKER);
    assert.equal(read.signature, 'valid');
    assert.equal(String(gpg(['--decrypt'], result.message).stdout), MARKER);
    // The key generated in Chromium is a key the directory accepts.
    write('chromium.pub.asc', result.generatedPublicKey);
    gpg(['--import'], result.generatedPublicKey);

    // Which library files the browser fetched: the weight the thread pages will carry.
    const vendorFiles = [...new Set(requested.filter((p) => p.includes('/vendor/openpgp/')))];
    const sizes = vendorFiles.map((p) => {
      const bytes = fs.readFileSync(path.join(VENDOR, path.basename(p)));
      return { file: path.basename(p), raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length, brotli: zlib.brotliCompressSync(bytes).length };
    });
    console.log(`e2e in Chromium: key generated in ${Math.round(result.generatedMs)} ms; library files fetched: ${JSON.stringify(sizes)}`);
    assert.ok(vendorFiles.some((p) => p.endsWith('/openpgp.min.mjs')));
  } finally {
    await browser.close();
    server.close();
  }
});
