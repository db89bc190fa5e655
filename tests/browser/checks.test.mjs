// The crawler's own checks, on made-up answers: each must catch what it is meant to catch
// (so that a passing crawl means something).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetLinks, headerProblems, pageLinks, pattern, thirdPartyUrls } from './lib/crawl.mjs';

const good = {
  'content-security-policy': "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};
const answer = (headers, setCookies = []) => ({ headers, setCookies });

test('headers: a correct answer passes', () => {
  assert.deepEqual(headerProblems(answer(good, [
    'lsn_session=abc; Path=/; HttpOnly; SameSite=Strict',
    'lang=ar; Path=/; Max-Age=31536000; SameSite=Lax',
  ])), []);
});

test('headers: each missing or weak header is reported', () => {
  const cases = [
    [{ 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'" }, /unsafe-inline/],
    [{ 'content-security-policy': "default-src 'self'" }, /frame-ancestors/],
    [{ 'content-security-policy': "default-src 'self'; frame-ancestors 'self'" }, /frame-ancestors/],
    [{ 'content-security-policy': undefined }, /no Content-Security-Policy/],
    [{ 'strict-transport-security': undefined }, /Strict-Transport-Security/],
    [{ 'referrer-policy': 'same-origin' }, /Referrer-Policy/],
    [{ 'x-content-type-options': undefined }, /X-Content-Type-Options/],
  ];
  for (const [change, re] of cases) {
    const problems = headerProblems(answer({ ...good, ...change }));
    assert.ok(problems.some((p) => re.test(p)), `${JSON.stringify(change)} → ${problems}`);
  }
});

test('headers: cookies must be HttpOnly and SameSite=Strict (lang may be Lax)', () => {
  assert.equal(headerProblems(answer(good, ['lsn_session=a; Path=/; SameSite=Strict'])).length, 1);
  assert.equal(headerProblems(answer(good, ['lsn_csrf=a; Path=/; HttpOnly; SameSite=Lax'])).length, 1);
  assert.equal(headerProblems(answer(good, ['lsn_csrf=a; Path=/; HttpOnly'])).length, 1);
  assert.equal(headerProblems(answer(good, ['lang=en; Path=/'])).length, 1);
});

test('third-party URLs in HTML and CSS are found; same-origin and mailto/tel are not', () => {
  const origin = 'http://localhost:8080';
  const html = `<link rel="stylesheet" href="https://cdn.example.net/a.css">
    <img src="//img.example.org/x.png"><a href="http://localhost:8080/directory">d</a>
    <a href="mailto:x@example.org">m</a><a href="tel:+41227917000">t</a>
    <form action="https://evil.example/post"></form><img srcset="/a.png 1x, https://x.example/b.png 2x">`;
  const found = thirdPartyUrls(html, origin, 'html');
  assert.deepEqual(found.sort(), ['//img.example.org/x.png', 'https://cdn.example.net/a.css', 'https://evil.example/post', 'https://x.example/b.png'].sort());
  const css = `@import "https://fonts.example.com/f.css"; body { background: url(/static/a.png) } h1 { background: url('//x.example/b.png') }`;
  assert.deepEqual(thirdPartyUrls(css, origin, 'css').sort(), ['//x.example/b.png', 'https://fonts.example.com/f.css']);
});

test('links, assets and kinds of page', () => {
  const html = `<a href="/directory?q=a&amp;state=FR">x</a><a href="https://other.example/">o</a><a href="#main">s</a>
    <link rel="stylesheet" href="/static/site.css"><script src="/static/js/webauthn.js"></script>`;
  assert.deepEqual(pageLinks(html, 'http://localhost:1/').map((u) => u.pathname + u.search), ['/directory?q=a&state=FR', '/']);
  assert.deepEqual(assetLinks(html, 'http://localhost:1/'), ['http://localhost:1/static/site.css', 'http://localhost:1/static/js/webauthn.js']);
  assert.equal(pattern('/directory/0b6e2f6e-3c1a-4a8e-9f43-1b2c3d4e5f60?view=en&lang=ar'), '/directory/{id}?view');
  assert.equal(pattern('/admin/states/FR/admit'), '/admin/states/{code}/admit');
});
