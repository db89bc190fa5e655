#!/usr/bin/env python3
"""Sign a new directory administrator in through the real pages and print its session cookie.

    web_session.py ENROLMENT_URL [--connect 127.0.0.1:PORT]

ENROLMENT_URL is the last line of `liaison account enrol-admin`. The script completes the
enrolment form as a browser would (password + authenticator app: the TOTP code is computed from
the secret the page shows), and prints one line `Cookie: NAME=VALUE` — the session cookie the
server set — for load generators that measure signed-in pages (scripts/bench.sh). Standard
library only. The server must run with --dev-insecure-cookies (plain http on loopback).
"""

import argparse
import base64
import hashlib
import hmac
import html
import http.client
import re
import secrets
import struct
import sys
import time
import urllib.parse


def totp(secret_b32: str, at: float) -> str:
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def cookies_of(resp) -> dict:
    jar = {}
    for name, value in resp.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            k, _, v = pair.partition("=")
            jar[k.strip()] = v.strip()
    return jar


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--connect", help="HOST:PORT to connect to (default: the URL's)")
    ap.add_argument("--login", default=f"bench-{secrets.token_hex(4)}")
    args = ap.parse_args()

    u = urllib.parse.urlsplit(args.url)
    host, _, port = (args.connect or u.netloc).partition(":")
    conn = http.client.HTTPConnection(host, int(port or 80), timeout=30)
    headers = {"Host": u.netloc, "Accept-Language": "en"}

    conn.request("GET", u.path, headers=headers)
    resp = conn.getresponse()
    page = resp.read().decode("utf-8", "replace")
    if resp.status != 200:
        print(f"enrolment page answered {resp.status}", file=sys.stderr)
        return 1
    jar = cookies_of(resp)
    form = re.search(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", page, re.S | re.I)
    if not form:
        print("no form on the enrolment page", file=sys.stderr)
        return 1
    action = re.search(r"<form[^>]*action=\"([^\"]*)\"", form.group(0), re.I)
    target = html.unescape(action.group(1)) if action else u.path
    secret = re.search(r"id=\"totp-secret\"[^>]*>\s*([A-Z2-7=]+)\s*<", page)
    if not secret:
        print("no authenticator secret on the enrolment page", file=sys.stderr)
        return 1
    fields = {}
    for m in re.finditer(r"<input[^>]*>", form.group(1), re.I):
        tag = m.group(0)
        name = re.search(r"name=\"([^\"]+)\"", tag)
        if not name:
            continue
        value = re.search(r"value=\"([^\"]*)\"", tag)
        fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    password = secrets.token_urlsafe(18)
    fields.update({"login": args.login, "password": password, "password_confirm": password,
                   "code": totp(secret.group(1), time.time())})
    if "email" in fields and not fields["email"]:
        fields["email"] = f"{args.login}@bench.example"
    if "display_name" in fields and not fields["display_name"]:
        fields["display_name"] = args.login
    body = urllib.parse.urlencode(fields)
    post_headers = dict(headers)
    post_headers.update({
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"{u.scheme}://{u.netloc}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
    })
    conn.request("POST", target, body=body, headers=post_headers)
    resp = conn.getresponse()
    resp.read()
    session = {k: v for k, v in cookies_of(resp).items() if k.endswith("session")}
    if resp.status >= 400 or not session:
        print(f"enrolment answered {resp.status} without a session cookie", file=sys.stderr)
        return 1
    name, value = next(iter(session.items()))
    print(f"Cookie: {name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
