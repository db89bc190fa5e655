#!/usr/bin/env bash
# Measure a ping campaign over 10 000 points of contact into a local SMTP sink (issue 4,
# "Measure and report"):
#
#   scripts/bench-ping.sh                 # debug build (target/debug/liaison)
#   PROFILE=release scripts/bench-ping.sh # release build (builds it if missing)
#
# What it measures, in order:
#   1. import of the 10 000 generated entries (not part of the campaign; for context);
#   2. time to create the campaign (`liaison ping start`: the bulk insert, as the command
#      reports it, and the whole command including start-up);
#   3. sending: `liaison serve` with the relay at the sink, pacing lifted (--mail-rate), N
#      connections; messages per second and total time until the sink holds every message;
#      peak memory of the server (/usr/bin/time -v);
#   4. acknowledgements: ACKS links (default 1000) opened and their button pressed (GET the
#      page for its CSRF cookie, POST the form), with ACK_CLIENTS concurrent clients;
#      acknowledgements per second.
#
# Knobs (environment): PROFILE (debug|release), POCS (the JSON Lines file, default the shared
# 10 000), DATABASE (default a fresh SQLite file; a postgres:// URL works too), CONNECTIONS (8),
# RATE (100000 messages/s, i.e. no pacing), ACKS (1000), ACK_CLIENTS (8), KEEP=1 keeps the
# scratch directory. Needs python3-aiosmtpd (the sink) and /usr/bin/time.

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROFILE=${PROFILE:-debug}
CONNECTIONS=${CONNECTIONS:-8}
RATE=${RATE:-100000}
ACKS=${ACKS:-1000}
ACK_CLIENTS=${ACK_CLIENTS:-8}
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

find_pocs() {
    for p in "${POCS:-}" "$REPO/../shared/data/pocs-10000-seed1.jsonl" "$REPO/../../shared/data/pocs-10000-seed1.jsonl" /work/shared/data/pocs-10000-seed1.jsonl; do
        [[ -n $p && -f $p ]] && { echo "$p"; return; }
    done
    echo "no pocs-10000-seed1.jsonl found; set POCS=FILE" >&2
    exit 1
}
POCS_FILE=$(find_pocs)

BIN="$REPO/target/$PROFILE/liaison"
if [[ ! -x $BIN ]]; then
    if [[ $PROFILE == release ]]; then
        (cd "$REPO" && cargo build --release -p liaison)
    else
        (cd "$REPO" && cargo build -p liaison)
    fi
fi

WORK=$(mktemp -d /tmp/liaison-bench-ping.XXXXXX)
SINK_PID=""
SERVER_PID=""
# The server runs under /usr/bin/time: stop the server (time's child) so time reports.
stop_server() {
    local child
    child=$(pgrep -P "$SERVER_PID" || true)
    [[ -n $child ]] && kill -TERM $child 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}
cleanup() {
    [[ -n $SERVER_PID ]] && stop_server
    [[ -n $SINK_PID ]] && kill "$SINK_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    [[ ${KEEP:-0} == 1 ]] && echo "scratch kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

DB=${DATABASE:-sqlite:$WORK/liaison.db}
export LIAISON_LOG=${LIAISON_LOG:-warn}
now() { date +%s.%N; }
secs() { "$PY" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }

echo "== liaison $PROFILE build: $BIN"
echo "== entries: $POCS_FILE ($(wc -l <"$POCS_FILE") lines), database ${DB%%\?*}"

# 1. import
t0=$(now)
"$BIN" import pocs "$POCS_FILE" --database "$DB" 2>"$WORK/import.log" >/dev/null
t1=$(now)
echo "import: $(secs "$t0" "$t1") s ($(tail -1 "$WORK/import.log"))"

# 2. the campaign
t0=$(now)
CAMPAIGN=$("$BIN" ping start --database "$DB" 2>"$WORK/start.log")
t1=$(now)
echo "campaign $CAMPAIGN: $(cat "$WORK/start.log")"
echo "campaign command (start-up, read model load, creation): $(secs "$t0" "$t1") s"

# 3. sending into the sink
mkdir -p "$WORK/sink"
"$PY" "$REPO/scripts/lib/smtp-sink.py" --dir "$WORK/sink" --port 0 --quiet >"$WORK/sink.port" 2>"$WORK/sink.log" &
SINK_PID=$!
for _ in $(seq 100); do [[ -s $WORK/sink.port ]] && break; sleep 0.1; done
SINK_PORT=$(head -1 "$WORK/sink.port")
TOTAL=$(grep -c . "$POCS_FILE")
HTTP_PORT=$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")

t0=$(now)
/usr/bin/time -v -o "$WORK/serve.time" "$BIN" serve --database "$DB" --listen "127.0.0.1:$HTTP_PORT" \
    --public-url "http://127.0.0.1:$HTTP_PORT" \
    --smtp-url "smtp://127.0.0.1:$SINK_PORT" --smtp-tls none --mail-from directory@liaison.example \
    --reply-domain reply.liaison.example --mail-rate "$RATE" --mail-connections "$CONNECTIONS" \
    --ping-every off >"$WORK/serve.out" 2>"$WORK/serve.log" &
SERVER_PID=$!
first=""
while :; do
    n=$(find "$WORK/sink" -maxdepth 1 -name '*.json' | wc -l)
    if [[ -z $first && $n -gt 0 ]]; then first=$(now); fi
    [[ $n -ge $TOTAL ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server stopped:"; cat "$WORK/serve.log"; exit 1; }
    sleep 0.2
done
t1=$(now)
total=$(secs "$t0" "$t1")
sending=$(secs "$first" "$t1")
echo "sending: $TOTAL messages in $total s from server start ($sending s from the first message)"
"$PY" -c "import sys; t=float(sys.argv[2]); print(f'messages/s: {int(sys.argv[1]) / t:.0f} (first to last message)')" "$TOTAL" "$sending"

# 4. acknowledgements through the links
"$PY" - "$WORK/sink" "$HTTP_PORT" "$ACKS" "$ACK_CLIENTS" <<'EOF'
import http.client, os, re, sys, threading, time, email, email.policy
sink, port, n, clients = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
tokens = []
for name in sorted(os.listdir(sink)):
    if name.endswith(".eml") and len(tokens) < n:
        msg = email.message_from_bytes(open(os.path.join(sink, name), "rb").read(), policy=email.policy.default)
        m = re.search(r"/ping/([a-z2-7]{52})", msg.get_body(("plain",)).get_content())
        if m:
            tokens.append(m.group(1))
done, failed, lock = [0], [0], threading.Lock()
def work(mine):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for t in mine:
        c.request("GET", f"/ping/{t}")
        r = c.getresponse(); body = r.read().decode()
        cookie = [v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie" and "csrf" in v][0]
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)
        c.request("POST", f"/ping/{t}", body=f"csrf={csrf}", headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse(); r.read()
        with lock:
            if r.status == 200: done[0] += 1
            else: failed[0] += 1
start = time.monotonic()
threads = [threading.Thread(target=work, args=(tokens[i::clients],)) for i in range(clients)]
for th in threads: th.start()
for th in threads: th.join()
elapsed = time.monotonic() - start
print(f"acknowledgements: {done[0]} by link (GET page + POST button) in {elapsed:.2f} s with {clients} clients: {done[0] / elapsed:.0f}/s; {failed[0]} failed")
EOF

stop_server
SERVER_PID=""
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/serve.time")
echo "server peak memory: $((rss / 1024)) MiB (maximum resident set size, $rss KiB)"
"$BIN" ping report --database "$DB" --campaign "$CAMPAIGN" --format json 2>/dev/null |
    "$PY" -c "import json,sys; c=json.load(sys.stdin)['campaign']['counts']; print('report:', {k: c[k] for k in ('challenges','sent','delivered','acknowledged','late','pending')})"
