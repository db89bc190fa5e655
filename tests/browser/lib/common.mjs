// Shared helpers of the browser tests: configuration (from the environment set by
// scripts/browser-tests.sh), raw HTTP with compressed sizes, Chromium launch, axe-core,
// TOTP codes, artifacts.

import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

const require = createRequire(import.meta.url);

function need(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run these tests through scripts/browser-tests.sh (see tests/browser/README.md)`);
  }
  return v;
}

export const LANGS = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];

export const config = {
  get base() { return need('LIAISON_BASE_URL').replace(/\/$/, ''); },
  get artifacts() { return need('LIAISON_ARTIFACTS'); },
  get bin() { return need('LIAISON_BIN'); },
  get database() { return need('LIAISON_DATABASE'); },
  get adminToken() { return need('LIAISON_ADMIN_TOKEN'); },
  get chromium() { return process.env.LIAISON_CHROMIUM || '/usr/bin/chromium'; },
  /** Where the SMTP sink stores the messages the server sent (N.eml, N.json). */
  get mailDir() { return need('LIAISON_MAIL_DIR'); },
  /** The short campaign browser-tests.sh started before the suites (for the crawler). */
  get crawlCampaign() { return need('LIAISON_CRAWL_CAMPAIGN'); },
};

export function artifactPath(...parts) {
  const p = path.join(config.artifacts, ...parts);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

export function writeJson(rel, value) {
  const p = artifactPath(rel);
  fs.writeFileSync(p, JSON.stringify(value, null, 2) + '\n');
  return p;
}

// ---------------------------------------------------------------------------
// Raw HTTP (node:http, no automatic decompression: we need the transferred size)
// ---------------------------------------------------------------------------

/**
 * GET/POST `url` without following redirects. Returns {status, headers, setCookies,
 * wireBytes (compressed body length), body (decoded text), encoding}.
 */
export function request(url, { method = 'GET', headers = {}, body = null, timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request(
      {
        method,
        // The server listens on 127.0.0.1; "localhost" is its public name (WebAuthn).
        hostname: u.hostname === 'localhost' ? '127.0.0.1' : u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        headers: { host: u.host, 'accept-encoding': 'gzip, br', ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = (res.headers['content-encoding'] || 'identity').toLowerCase();
          let decoded;
          try {
            if (encoding === 'br') decoded = zlib.brotliDecompressSync(raw);
            else if (encoding === 'gzip') decoded = zlib.gunzipSync(raw);
            else if (encoding === 'identity') decoded = raw;
            else throw new Error(`unexpected content-encoding ${encoding}`);
          } catch (e) {
            reject(new Error(`${method} ${url}: cannot decode body (${encoding}): ${e.message}`));
            return;
          }
          const sc = res.headers['set-cookie'];
          resolve({
            url,
            status: res.statusCode,
            headers: res.headers,
            setCookies: Array.isArray(sc) ? sc : sc ? [sc] : [],
            wireBytes: raw.length,
            encoding,
            body: decoded.toString('utf8'),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out`)));
    req.on('error', reject);
    if (body != null) req.write(body);
    req.end();
  });
}

/** `name=value` of a Set-Cookie line. */
export function cookiePair(setCookie) {
  return setCookie.split(';')[0].trim();
}

// ---------------------------------------------------------------------------
// The liaison binary (setup through the command line, against the same database)
// ---------------------------------------------------------------------------

export function liaison(args, { timeoutMs = 60000 } = {}) {
  return execFileSync(config.bin, args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn', NO_COLOR: '1' },
  });
}

/** JSON API call with a bearer token. */
export async function api(method, pathAndQuery, { token = config.adminToken, json } = {}) {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  let body = null;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = Buffer.from(JSON.stringify(json));
    headers['content-length'] = String(body.length);
  }
  const res = await request(config.base + pathAndQuery, { method, headers, body });
  let data = null;
  try { data = JSON.parse(res.body); } catch { /* not JSON */ }
  return { ...res, data };
}

// ---------------------------------------------------------------------------
// Chromium
// ---------------------------------------------------------------------------

export async function launch() {
  return chromium.launch({
    executablePath: config.chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A browser context whose requests prefer `lang` (Accept-Language). */
export async function newContext(browser, lang = 'en', extra = {}) {
  return browser.newContext({
    locale: lang,
    extraHTTPHeaders: { 'accept-language': lang },
    viewport: { width: 1100, height: 900 },
    ...extra,
  });
}

// ---------------------------------------------------------------------------
// axe-core
// ---------------------------------------------------------------------------

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Every axe run of this process, for the summary file. */
export const axeRuns = [];

/**
 * Runs axe-core on the current page (injected through the DevTools protocol, which the
 * page's CSP does not govern). Returns {violations, blocking} where blocking are those
 * of impact serious or critical. Writes the full result to axe/<name>.json.
 */
export async function runAxe(page, name) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return { url: r.url, violations: r.violations, passes: r.passes.length, incomplete: r.incomplete.length };
  });
  const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  writeJson(`axe/${slug(name)}.json`, result);
  axeRuns.push({
    name,
    url: result.url,
    violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
    blocking: blocking.length,
  });
  return { violations: result.violations, blocking };
}

export function describeViolations(violations) {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n` + v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n'))
    .join('\n');
}

export function slug(s) {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 120) || 'page';
}

// ---------------------------------------------------------------------------
// TOTP (RFC 6238: SHA-1, 6 digits, 30 s)
// ---------------------------------------------------------------------------

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totp(secretBase32, atMs = Date.now(), step = 30, digits = 6) {
  const counter = Math.floor(atMs / 1000 / step);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', base32Decode(secretBase32)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}
