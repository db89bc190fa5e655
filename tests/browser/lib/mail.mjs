// The messages the server sent, as the SMTP sink stored them (scripts/lib/smtp-sink.py):
// DIR/N.eml with DIR/N.json written after it. MIME parts are decoded (base64,
// quoted-printable) so links can be read as a person's mail program shows them.

import fs from 'node:fs';
import path from 'node:path';

function splitHead(raw) {
  const at = raw.indexOf('\r\n\r\n');
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function decodeBody(headers, body) {
  const cte = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const bytes = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  }
  return body;
}

/** The decoded text of every leaf part of a message, joined. */
export function messageText(raw) {
  const { headers, body } = splitHead(raw);
  const ct = headers['content-type'] || 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
  if (/^multipart\//i.test(ct) && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith('--'))
      .map((p) => messageText(p.replace(/^\r\n/, '')))
      .join('\n');
  }
  return decodeBody(headers, body);
}

/** Every stored message: {n, meta (the sink's JSON), raw, text, subject}. */
export function messages(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d+\.json$/.test(f))
    .map((f) => {
      const n = Number(f.slice(0, -5));
      const meta = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const raw = fs.readFileSync(path.join(dir, `${n}.eml`), 'latin1');
      return { n, meta, raw, text: messageText(raw), subject: splitHead(raw).headers.subject || '' };
    })
    .sort((a, b) => a.n - b.n);
}

/** The http(s) URLs in a message's text. */
export function urls(text) {
  return [...new Set([...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0].replace(/[.,;]+$/, '')))];
}

/** Waits (polling, at most `timeoutMs`) until `pred()` returns a truthy value, and returns it. */
export async function until(what, pred, { timeoutMs = 90_000, everyMs = 500 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
