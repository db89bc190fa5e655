#!/usr/bin/env bash
# Browser tests (tests/browser/): starts Liaison on a free loopback port with a fresh
# SQLite database and the demo data (`liaison demo --dev-insecure-cookies`), runs the
# node:test suites (crawler, axe-core, the enrolment/sign-in/POC flow in Chromium) against
# it, and stops the server on any exit. The server sends pings to an SMTP sink
# (scripts/lib/smtp-sink.py, Debian's python3-aiosmtpd) with a 30 s acknowledgement window and
# listens for replies; a short campaign to one state is started before the suites, so the
# crawler and axe runs reach the ping report and follow-up pages. Artifacts (screenshots, axe JSON, crawler report,
# server log) go to target/browser-artifacts/. Exits non-zero on any failure.
#
#   scripts/browser-tests.sh                 # all suites
#   scripts/browser-tests.sh flow            # only files matching *flow*.test.mjs
#
# Environment knobs:
#   LIAISON_BIN=path           the server binary (default target/debug/liaison, built if missing)
#   LIAISON_OPENPGP_HELPER=path  the Rust OpenPGP helper of e2e-crypto.test.mjs (default
#                              target/debug/examples/openpgp-helper, built if missing)
#   LIAISON_CHROMIUM=path      Chromium (default /usr/bin/chromium)
#   LIAISON_BROWSER_NPM=skip   do not run `npm ci` (use the node_modules already there)
#   LIAISON_BROWSER_TIMEOUT=4m time limit of the node tests (default 9m)
#   LIAISON_BROWSER_KEEP=1     keep the temporary database directory (its path is printed)

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

SUITE_DIR="$REPO_ROOT/tests/browser"
ARTIFACTS="$REPO_ROOT/target/browser-artifacts"
BIN="${LIAISON_BIN:-$REPO_ROOT/target/debug/liaison}"
CHROMIUM="${LIAISON_CHROMIUM:-/usr/bin/chromium}"

log() { printf '[browser-tests] %s\n' "$*"; }

if [[ ! -x "$BIN" ]]; then
    log "building the server binary (debug)"
    timeout -k 30s 30m cargo build -p liaison --bin liaison --locked
    BIN="$REPO_ROOT/target/debug/liaison"
fi
OPENPGP_HELPER="${LIAISON_OPENPGP_HELPER:-$REPO_ROOT/target/debug/examples/openpgp-helper}"
if [[ ! -x "$OPENPGP_HELPER" ]]; then
    log "building the OpenPGP helper (liaison-openpgp example, debug)"
    timeout -k 30s 30m cargo build -p liaison-openpgp --example openpgp-helper --locked
    OPENPGP_HELPER="$REPO_ROOT/target/debug/examples/openpgp-helper"
fi
command -v gpg >/dev/null || { echo "gpg is needed (Debian package 'gnupg')" >&2; exit 1; }
[[ -x "$CHROMIUM" ]] || { echo "Chromium not found at $CHROMIUM (Debian package 'chromium')" >&2; exit 1; }
command -v node >/dev/null || { echo "node (>= 20) is needed" >&2; exit 1; }
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "python3-aiosmtpd is needed (the SMTP sink of the ping tests)" >&2; exit 1; }

if [[ "${LIAISON_BROWSER_NPM:-}" != skip ]]; then
    log "npm ci (playwright-core, axe-core; no browser download)"
    (cd "$SUITE_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout -k 10s 5m \
        npm ci --no-audit --no-fund --loglevel=error)
fi
[[ -d "$SUITE_DIR/node_modules/playwright-core" ]] || { echo "run npm ci in tests/browser" >&2; exit 1; }

rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
WORK="$(mktemp -d /tmp/liaison-browser.XXXXXX)"
SERVER_PID=""
SINK_PID=""

# shellcheck disable=SC2317  # called through the trap
cleanup() {
    local rc=$?
    set +e
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    if [[ -n "$SINK_PID" ]] && kill -0 "$SINK_PID" 2>/dev/null; then
        kill -TERM "$SINK_PID" 2>/dev/null
        wait "$SINK_PID" 2>/dev/null
    fi
    if [[ "${LIAISON_BROWSER_KEEP:-0}" == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
# "localhost", not 127.0.0.1: an IP address cannot be a WebAuthn relying party id. The
# server listens on 127.0.0.1 only; the tests connect there.
BASE="http://localhost:$PORT"
DATABASE="sqlite:$WORK/liaison.db"

# The SMTP sink the server sends pings to; every message is a file in $MAIL_DIR.
MAIL_DIR="$WORK/mail"
mkfifo "$WORK/sink-port"
timeout -k 10s 30m /usr/bin/python3 "$REPO_ROOT/scripts/lib/smtp-sink.py" --dir "$MAIL_DIR" --port 0 --quiet \
    >"$WORK/sink-port" 2>"$ARTIFACTS/smtp-sink.log" &
SINK_PID=$!
read -r -t 30 SMTP_PORT <"$WORK/sink-port" || { echo "the SMTP sink did not start" >&2; exit 1; }
INBOUND_PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

log "starting $BIN demo on $BASE (pings to the sink on port $SMTP_PORT, replies on $INBOUND_PORT)"
# The server's own time limit is a backstop; the trap stops it normally.
timeout -k 10s 30m "$BIN" demo --listen "127.0.0.1:$PORT" --public-url "$BASE" --database "$DATABASE" --dev-insecure-cookies \
    --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --smtp-tls none --mail-from pings@liaison.example \
    --reply-domain reply.liaison.example --inbound-smtp "127.0.0.1:$INBOUND_PORT" \
    --ping-window 30s --ping-sweep-interval 1s \
    >"$WORK/demo.out" 2>"$ARTIFACTS/server.log" &
SERVER_PID=$!

for i in $(seq 300); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "the server exited early; its log:" >&2
        tail -n 40 "$ARTIFACTS/server.log" >&2
        exit 1
    fi
    if node -e 'fetch(process.argv[1].replace("//localhost:", "//127.0.0.1:")).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$BASE/healthz" 2>/dev/null \
        && grep -q 'admin token:' "$WORK/demo.out"; then
        break
    fi
    ((i < 300)) || { echo "the server did not answer on $BASE/healthz within 60 s" >&2; exit 1; }
    sleep 0.2
done
cp "$WORK/demo.out" "$ARTIFACTS/demo.out"
ADMIN_TOKEN="$(awk '/admin token:/ {print $3}' "$WORK/demo.out")"
[[ -n "$ADMIN_TOKEN" ]] || { echo "no admin token in the demo's output" >&2; exit 1; }
# A campaign to Belgium with a 5 s window: answered by nobody, so by the time the crawler and
# the axe runs follow the administrator's links it has a report, non-responders and their
# follow-up pages.
CRAWL_CAMPAIGN="$(RUST_LOG=warn "$BIN" ping start --database "$DATABASE" --state BE --window 5s | tail -n 1)"
log "campaign for the crawler: $CRAWL_CAMPAIGN"

export LIAISON_BASE_URL="$BASE" LIAISON_ARTIFACTS="$ARTIFACTS" LIAISON_BIN="$BIN" \
    LIAISON_DATABASE="$DATABASE" LIAISON_ADMIN_TOKEN="$ADMIN_TOKEN" LIAISON_CHROMIUM="$CHROMIUM" \
    LIAISON_OPENPGP_HELPER="$OPENPGP_HELPER" LIAISON_MAIL_DIR="$MAIL_DIR" \
    LIAISON_CRAWL_CAMPAIGN="$CRAWL_CAMPAIGN"

cd "$SUITE_DIR"
files=()
for f in *.test.mjs; do
    if [[ $# -eq 0 ]] || [[ "$f" == *"$1"* ]]; then files+=("$f"); fi
done
((${#files[@]})) || { echo "no test file matches '$1'" >&2; exit 1; }

log "running: ${files[*]}"
rc=0
timeout -k 10s "${LIAISON_BROWSER_TIMEOUT:-9m}" \
    node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" 2>&1 | tee "$ARTIFACTS/node-test.log" || rc=$?
if ((rc == 0)); then
    log "all browser tests passed; artifacts in ${ARTIFACTS#"$REPO_ROOT"/}"
else
    log "browser tests FAILED (exit $rc); artifacts in ${ARTIFACTS#"$REPO_ROOT"/}"
fi
exit "$rc"
