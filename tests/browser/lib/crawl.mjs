// The crawler: follows same-origin links from a few start pages, checks the security
// headers and cookies of every HTML answer, looks for third-party URLs in HTML and CSS, and
// weighs every page (compressed HTML + the CSS and JS it loads).

import { LANGS, request } from './common.mjs';

export const WEIGHT_BUDGET = 50 * 1024;

/** Pages whose six `?lang=` variants are crawled; other `?lang=` links are skipped. */
export const LANG_PAGES = new Set(['/', '/sign-in', '/directory', '/admin', '/states', '/account']);

/** Never fetched by the crawler (a GET there could change state or end the session). */
const SKIP_PATHS = [/^\/sign-out/, /^\/api\//, /^\/healthz$/];

const ATTR_URL = /\b(href|src|action|srcset|poster|data|formaction|cite|background)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const CSS_URL = /url\(\s*(["']?)([^"')]+)\1\s*\)|@import\s+(["'])([^"']+)\3/gi;

function decodeEntities(s) {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Absolute http(s) or protocol-relative URLs that point away from `origin`. */
export function thirdPartyUrls(text, origin, kind) {
  const found = [];
  const check = (raw) => {
    const v = decodeEntities(raw.trim());
    if (/^(https?:)?\/\//i.test(v)) {
      let u;
      try { u = new URL(v, origin); } catch { found.push(v); return; }
      if (u.origin !== origin) found.push(v);
    }
  };
  if (kind === 'html') {
    for (const m of text.matchAll(ATTR_URL)) {
      const val = m[3] ?? m[4] ?? m[5] ?? '';
      if (m[1].toLowerCase() === 'srcset') val.split(',').forEach((part) => check(part.trim().split(/\s+/)[0] || ''));
      else check(val);
    }
    // Inline style blocks / attributes would be CSP violations anyway; still look at them.
    for (const m of text.matchAll(CSS_URL)) check(m[2] ?? m[4] ?? '');
  } else {
    for (const m of text.matchAll(CSS_URL)) check(m[2] ?? m[4] ?? '');
  }
  return found;
}

/** Problems with the security headers of an HTML answer. */
export function headerProblems(res) {
  const h = res.headers;
  const problems = [];
  const csp = h['content-security-policy'];
  if (!csp) problems.push('no Content-Security-Policy');
  else {
    if (/unsafe-inline/i.test(csp)) problems.push(`CSP allows unsafe-inline: ${csp}`);
    if (/unsafe-eval/i.test(csp)) problems.push(`CSP allows unsafe-eval: ${csp}`);
    if (!/(^|;)\s*frame-ancestors\s+'none'\s*(;|$)/i.test(csp)) problems.push(`CSP lacks frame-ancestors 'none': ${csp}`);
  }
  const hsts = h['strict-transport-security'];
  if (!hsts || !/max-age=\d+/i.test(hsts)) problems.push(`bad Strict-Transport-Security: ${hsts}`);
  if ((h['referrer-policy'] || '').toLowerCase() !== 'no-referrer') problems.push(`Referrer-Policy is ${h['referrer-policy']}`);
  if ((h['x-content-type-options'] || '').toLowerCase() !== 'nosniff') problems.push(`X-Content-Type-Options is ${h['x-content-type-options']}`);
  for (const c of res.setCookies) {
    const name = c.split('=')[0].trim();
    const attrs = c.split(';').slice(1).map((a) => a.trim().toLowerCase());
    const sameSite = (attrs.find((a) => a.startsWith('samesite=')) || '').slice('samesite='.length);
    if (name === 'lang') {
      if (sameSite !== 'lax' && sameSite !== 'strict') problems.push(`lang cookie without SameSite=Lax/Strict: ${c}`);
      continue;
    }
    if (!attrs.includes('httponly')) problems.push(`cookie ${name} not HttpOnly: ${c}`);
    if (sameSite !== 'strict') problems.push(`cookie ${name} not SameSite=Strict: ${c}`);
  }
  return problems;
}

/** Same-origin page links of an HTML document (anchors only; assets are weighed separately). */
export function pageLinks(html, pageUrl) {
  const links = [];
  for (const m of html.matchAll(/<a\b[^>]*?\shref\s*=\s*("([^"]*)"|'([^']*)')/gi)) {
    const raw = decodeEntities(m[2] ?? m[3] ?? '');
    let u;
    try { u = new URL(raw, pageUrl); } catch { continue; }
    if (u.origin !== new URL(pageUrl).origin) continue;
    u.hash = '';
    links.push(u);
  }
  return links;
}

/** Stylesheets and scripts an HTML document loads. */
export function assetLinks(html, pageUrl) {
  const out = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\brel\s*=\s*["']?[^"'>]*\b(stylesheet|preload|modulepreload)\b/i.test(tag)) continue;
    const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    if (href) out.push(new URL(decodeEntities(href[2] ?? href[3] ?? href[4]), pageUrl).href);
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    out.push(new URL(decodeEntities(m[2] ?? m[3] ?? m[4]), pageUrl).href);
  }
  return [...new Set(out)];
}

/** The kind of a page: ids and state codes replaced, query values and `lang` ignored. */
export function pattern(url) {
  const u = new URL(url, 'http://x');
  const path = u.pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')
    .replace(/\/states\/[A-Z]{2}(?=\/|$)/g, '/states/{code}');
  const keys = [...new Set(u.searchParams.keys())].filter((k) => k !== 'lang').sort();
  return path + (keys.length ? '?' + keys.join('&') : '');
}

function keyOf(u) {
  const c = new URL(u.href);
  c.searchParams.sort();
  return c.pathname + (c.search || '');
}

/**
 * Crawl from `starts` (paths) with an optional Cookie header. Returns
 * {pages: [{url, status, weight, htmlBytes, assets, problems}], problems: [..], skipped}.
 */
export async function crawl(base, starts, { cookie = null, maxPages = 200, label = 'crawl' } = {}) {
  const origin = new URL(base).origin;
  const headers = cookie ? { cookie } : {};
  const queue = [];
  const seen = new Set();
  const enqueue = (u) => {
    if (u.origin !== origin) return;
    if (SKIP_PATHS.some((re) => re.test(u.pathname))) return;
    const lang = u.searchParams.get('lang');
    if (lang !== null) {
      if (!LANG_PAGES.has(u.pathname) || [...u.searchParams.keys()].length > 1) return;
    }
    const k = keyOf(u);
    if (seen.has(k)) return;
    seen.add(k);
    queue.push(u);
  };
  for (const s of starts) {
    const u = new URL(s, base);
    enqueue(u);
    if (LANG_PAGES.has(u.pathname)) {
      for (const l of LANGS) enqueue(new URL(`${u.pathname}?lang=${l}`, base));
    }
  }

  const assetCache = new Map();
  const weighAsset = async (url) => {
    if (!assetCache.has(url)) {
      assetCache.set(url, (async () => {
        const r = await request(url, { headers });
        const problems = [];
        if (r.status !== 200) problems.push(`asset ${url} answered ${r.status}`);
        if ((r.headers['content-type'] || '').includes('css')) {
          for (const t of thirdPartyUrls(r.body, origin, 'css')) problems.push(`third-party URL in ${url}: ${t}`);
        }
        if ((r.headers['x-content-type-options'] || '').toLowerCase() !== 'nosniff') problems.push(`asset ${url} without nosniff`);
        return { url, bytes: r.wireBytes, encoding: r.encoding, problems };
      })());
    }
    return assetCache.get(url);
  };

  const pages = [];
  const problems = [];
  let skipped = 0;
  // Breadth first, but always a page of the least-visited kind next, so that the page
  // budget covers every kind of page rather than the first 200 entries.
  const visitedKinds = new Map();
  while (queue.length) {
    if (pages.length >= maxPages) { skipped = queue.length; break; }
    let best = 0;
    let bestCount = Infinity;
    for (let i = 0; i < queue.length && bestCount > 0; i++) {
      const c = visitedKinds.get(pattern(queue[i].href)) ?? 0;
      if (c < bestCount) { best = i; bestCount = c; }
    }
    const [u] = queue.splice(best, 1);
    visitedKinds.set(pattern(u.href), bestCount + 1);
    const res = await request(u.href, { headers });
    const ct = res.headers['content-type'] || '';
    const entry = { url: u.pathname + u.search, status: res.status, contentType: ct, problems: [] };
    pages.push(entry);
    if (res.status >= 300 && res.status < 400) {
      const loc = res.headers.location;
      entry.location = loc;
      if (loc) enqueue(new URL(loc, u.href));
    } else if (res.status >= 500) {
      entry.problems.push(`server error ${res.status}`);
    } else if (res.status !== 200 && res.status !== 403 && res.status !== 404) {
      entry.problems.push(`unexpected status ${res.status}`);
    }
    if (ct.startsWith('text/html')) {
      entry.problems.push(...headerProblems(res));
      for (const t of thirdPartyUrls(res.body, origin, 'html')) entry.problems.push(`third-party URL: ${t}`);
      if (res.status === 200) {
        const assets = await Promise.all(assetLinks(res.body, u.href).map(weighAsset));
        entry.htmlBytes = res.wireBytes;
        entry.encoding = res.encoding;
        entry.assets = assets.map((a) => ({ url: a.url, bytes: a.bytes }));
        entry.weight = res.wireBytes + assets.reduce((s, a) => s + a.bytes, 0);
        for (const a of assets) entry.problems.push(...a.problems);
        if (res.wireBytes > 1024 && res.encoding === 'identity') entry.problems.push('HTML not compressed although gzip/br was offered');
        if (entry.weight > WEIGHT_BUDGET) entry.problems.push(`weighs ${entry.weight} B compressed (budget ${WEIGHT_BUDGET} B)`);
        for (const l of pageLinks(res.body, u.href)) enqueue(l);
      }
    }
    for (const p of entry.problems) problems.push(`${label} ${entry.url}: ${p}`);
  }
  return { label, pages, problems: [...new Set(problems)], skipped };
}

export function heaviest(pages, n = 5) {
  return pages.filter((p) => p.weight != null).sort((a, b) => b.weight - a.weight).slice(0, n);
}
