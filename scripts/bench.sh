#!/usr/bin/env bash
# scripts/bench.sh -- Liaison against its peers, in one run, on this machine.
#
# Peers and settings come from the shared harness (shared/bench/, see its
# README): OpenLDAP slapd (ldapadd load) for writes, nginx serving a static
# file for the HTTP ceiling, wrk -t1 pinned to CPU 0 and servers pinned to
# CPU 1. Every server listens on 127.0.0.1 only; every phase is bounded by
# `timeout`; servers, the PostgreSQL cluster and the temp dir are removed on
# exit (also on Ctrl-C). Results: docs/benchmarks.md explains them.
#
# Sections (SECTIONS, default all, in this order):
#   import     10k entries into a fresh SQLite db (RUNS times, median; unpinned, then
#              pinned to CPU 1), the same
#              into PostgreSQL (RUNS times, fresh database each), and slapd's
#              ldapadd of the same entries (shared/bench/slapd_baseline.sh,
#              QUERIES=mail DURATION=5, SLAPD_RUNS times)
#   coldstart  `liaison serve` on the 10k db until /healthz answers (COLD_RUNS)
#   http       GET by id and ?q= searches, 64 conns, vs nginx in the same run;
#              server --threads 1 pinned to CPU 1 (HTTP_RUNS times, median),
#              then once with the default thread count, unpinned; memory after load
#   html       the directory list page (/directory, signed in: 50 rows of 10k entries), a
#              search of it and a state page, HTML, vs nginx serving the 51-row poc-page.html
#              in the same run; --threads 1 on CPU 1 (HTTP_RUNS times, median). The session
#              comes from a real enrolment through the pages (scripts/lib/web_session.py)
#   search100k 100k entries: import, cold start, q-search latency at low concurrency
#              (4 and 1 conns with --threads 1 on CPU 1, 4 conns with default threads)
#
# Usage:  scripts/bench.sh            (about 15 minutes on 2 cores)
# Environment (defaults):
#   LIAISON_BIN=/tmp/target-release/release/liaison (else target/release/liaison)
#   SHARED=/work/shared  SECTIONS="import coldstart http html search100k"
#   RUNS=3 SLAPD_RUNS=1 COLD_RUNS=5 HTTP_RUNS=3 PG=1 (0 = skip PostgreSQL)
#   DURATION=10 WARMUP=2 HTTP_CONNS=64 PIN=1 KEEP=0
#   SEARCH_SETUPS="1:4 1:1 default:4"  (server threads:wrk connections for the 100k searches)
#   DATA_100K=/tmp/pocs-100k.jsonl (generated with gen_pocs.py when missing; kept)
#   RESULTS=<file>  also append every summary line to this file
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SHARED="${SHARED:-/work/shared}"
# shellcheck source=/dev/null
. "$SHARED/bench/lib.sh"

if [ -z "${LIAISON_BIN:-}" ]; then
    LIAISON_BIN=/tmp/target-release/release/liaison
    [ -x "$LIAISON_BIN" ] || LIAISON_BIN="$ROOT/target/release/liaison"
fi
[ -x "$LIAISON_BIN" ] || die "no liaison binary at $LIAISON_BIN (cargo build --release, or set LIAISON_BIN)"

SECTIONS="${SECTIONS:-import coldstart http html search100k}"
RUNS="${RUNS:-3}"; SLAPD_RUNS="${SLAPD_RUNS:-1}"; COLD_RUNS="${COLD_RUNS:-5}"; HTTP_RUNS="${HTTP_RUNS:-3}"
DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-2}"; CONNS="${HTTP_CONNS:-64}"
SEARCH_SETUPS="${SEARCH_SETUPS:-1:4 1:1 default:4}"
PG="${PG:-1}"
DATA_10K="$DATA_DIR/pocs-10000-seed1.jsonl"
DATA_100K="${DATA_100K:-/tmp/pocs-100k.jsonl}"
BY_ID="ec6cc5b5-326b-4f0e-bf38-3f1d8dc0a7ed"   # the entry shared/data/http/poc-entry.json holds
[[ "$DURATION" =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 1 ] && [ "$DURATION" -le 600 ] || die "DURATION must be 1..600"
[[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -le 60 ] || die "WARMUP must be 0..60"
[ -s "$DATA_10K" ] || die "missing $DATA_10K"

command -v nginx >/dev/null 2>&1 || install_pkgs nginx-light || install_pkgs nginx || die "cannot install nginx"
need_cmd wrk wrk
need_cmd curl curl
need_cmd taskset util-linux
need_cmd /usr/bin/time time
setup_pinning

RUN="$(mktemp -d /tmp/liaison-bench.XXXXXX)"
chmod 755 "$RUN"                       # nginx workers (nobody) must traverse it
mkdir -m 700 "$RUN/private"            # databases and the token
mkdir -p "$RUN/www" "$RUN/tmp"
SERVER_PIDS=(); NGINX_PID=""
stop_pid() {  # stop_pid PID : TERM, bounded wait, then KILL
    local p="$1"
    kill -0 "$p" 2>/dev/null || return 0
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}
cleanup() {
    local p
    for p in "${SERVER_PIDS[@]}"; do stop_pid "$p"; done
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -QUIT "$NGINX_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$NGINX_PID" 2>/dev/null || true
    fi
    if declare -F pg_stop >/dev/null; then pg_stop || true; fi
    if [ "${KEEP:-0}" = 1 ]; then log "kept $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# free_port START : first port from START with no socket in any state (a listener,
# or TIME-WAIT/FIN-WAIT left by an earlier server), unlike lib.sh's pick_port.
free_port() {
    local p
    for p in $(seq "$1" $(( $1 + 199 ))); do
        if port_free "$p" && [ -z "$(ss -Htan "sport = :$p" 2>/dev/null)" ]; then echo "$p"; return; fi
    done
    die "no free port in $1..$(( $1 + 199 ))"
}
PORT_NEXT=$(( 38200 + RANDOM % 400 ))
# next_port : sets NEXT_PORT to a fresh port, never the same twice in a row.
next_port() { PORT_NEXT=$(( PORT_NEXT >= 38799 ? 38200 : PORT_NEXT + 1 )); NEXT_PORT=$(free_port "$PORT_NEXT"); PORT_NEXT=$NEXT_PORT; }

SUMMARY=()
emit() { echo "$*" >&2; SUMMARY+=("$*"); [ -z "${RESULTS:-}" ] || echo "$*" >> "$RESULTS"; }
# busy : processes using >= 10 % CPU during 1 s (the figures assume an idle machine).
busy() { top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^top/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 10 { printf "%s%s:%s%%", sep, $12, $9; sep="," }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
machine() { echo "nproc=$(nproc) load=\"$(cut -d' ' -f1-3 /proc/loadavg)\" busy=\"$(busy)\""; }
has() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }

emit "machine nproc=$(nproc) cpu=\"$(lscpu | sed -n 's/^Model name: *//p' | head -n1)\" mem=\"$(free -g | awk '/^Mem:/ {print $2 " GiB"}')\" kernel=$(uname -r) load_at_start=\"$(cut -d' ' -f1-3 /proc/loadavg)\" busy_at_start=\"$(busy)\""
emit "versions liaison=\"$("$LIAISON_BIN" --version)\" git_now=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo +dirty) nginx=\"$(nginx -v 2>&1 | sed 's/.*: //')\" wrk=\"$(wrk -v 2>&1 | head -n1 | awk '{print $2}')\" binary=$LIAISON_BIN binary_mtime=$(date -u -r "$LIAISON_BIN" +%FT%TZ) binary_sha256=$(sha256sum "$LIAISON_BIN" | cut -c1-12)"

# ---------------------------------------------------------------- helpers

# import_rate_line LOGFILE : the summary line liaison import prints on stderr.
import_line() { grep -E '^[0-9]+ lines \(' "$1" | tail -n1; }
import_rate() { sed -n 's/.* imported (\([0-9.]*\)\/s).*/\1/p' <<<"$1"; }
import_secs() { sed -n 's/.* bytes) in \([0-9.]*\)s:.*/\1/p' <<<"$1"; }

# do_import LABEL FILE DBURL [PIN] : one import; emits a result line. PIN=cpu1 runs the
# whole process on CPU 1 (taskset), otherwise the scheduler places its threads freely.
do_import() {
    local label="$1" file="$2" url="$3" pin="${4:-}" log="$RUN/import-$1.log" t0 t1 line wall n pinning=()
    [ "$pin" = cpu1 ] && pinning=("${SERVER_PIN[@]}")
    n=$(grep -c . "$file")
    t0=$(date +%s.%N)
    if ! timeout 1800 /usr/bin/time -f 'user_s=%U sys_s=%S ctx_vol=%w ctx_invol=%c maxrss_kb=%M' -o "$RUN/import-$label.time" \
            "${pinning[@]}" "$LIAISON_BIN" import pocs "$file" --database "$url" >/dev/null 2>"$log"; then
        tail -n 5 "$log" >&2; die "import $label failed"
    fi
    t1=$(date +%s.%N)
    line=$(import_line "$log")
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    emit "liaison import label=$label pin=${pin:-none} entries=$n seconds=$(import_secs "$line") entries_per_s=$(import_rate "$line")" \
         "wall_s=$wall wall_entries_per_s=$(awk -v n="$n" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')" \
         "$(cat "$RUN/import-$label.time") raw=\"${line%%; states admitted*}\""
}

# start_server LABEL DBURL THREADS(0=default) PIN(1/0) : sets SRV_PID and SRV_URL; waits for /healthz.
start_server() {
    local label="$1" url="$2" threads="$3" pin="$4" port args=() pinning=()
    next_port; port=$NEXT_PORT
    # No scheduled ping campaign: a fresh database would start one at boot and the run would
    # measure its 10 000 challenges being written instead of the pages.
    args=(serve --database "$url" --listen "127.0.0.1:$port" --ping-every off "${SERVE_EXTRA[@]}")
    [ "$threads" != 0 ] && args+=(--threads "$threads")
    [ "$pin" = 1 ] && pinning=("${SERVER_PIN[@]}")
    "${pinning[@]}" "$LIAISON_BIN" "${args[@]}" >"$RUN/serve-$label.log" 2>&1 &
    SRV_PID=$!; SERVER_PIDS+=("$SRV_PID"); SRV_URL="http://127.0.0.1:$port"
    local i
    for i in $(seq 1 1200); do   # at most 120 s
        if timeout 2 curl -sf -o /dev/null "$SRV_URL/healthz"; then return 0; fi
        kill -0 "$SRV_PID" 2>/dev/null || { cat "$RUN/serve-$label.log" >&2; die "liaison serve ($label) exited"; }
        sleep 0.1
    done
    die "liaison serve ($label) did not answer /healthz within 120 s"
}
stop_server() { stop_pid "$SRV_PID"; }
SERVE_EXTRA=()

# mem LABEL PID : VmRSS / VmHWM of a running process.
mem() {
    emit "liaison memory label=$1 $(awk '/^(VmRSS|VmHWM):/ { printf "%s_kb=%s ", tolower(substr($1, 1, length($1) - 1)), $2 }' "/proc/$2/status")threads_os=$(awk '/^Threads:/ {print $2}' "/proc/$2/status")"
}

# cold_start LABEL DBURL RUNS : launch -> first 200 from /healthz, default threads, unpinned.
cold_start() {
    local label="$1" url="$2" runs="$3" i port t0 t1 pid ms all=() ok
    for i in $(seq 1 "$runs"); do
        next_port; port=$NEXT_PORT
        t0=$(date +%s%N)
        "$LIAISON_BIN" serve --database "$url" --listen "127.0.0.1:$port" --ping-every off >"$RUN/cold-$label-$i.log" 2>&1 &
        pid=$!; SERVER_PIDS+=("$pid"); ok=0
        for _ in $(seq 1 24000); do   # at most ~120 s
            if ! port_free "$port" && curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then ok=1; break; fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.005
        done
        t1=$(date +%s%N)
        if [ "$ok" != 1 ] && grep -q 'Address already in use' "$RUN/cold-$label-$i.log"; then
            log "port $port was taken meanwhile; retrying on another"; wait "$pid" 2>/dev/null || true
            next_port; port=$NEXT_PORT; t0=$(date +%s%N)
            "$LIAISON_BIN" serve --database "$url" --listen "127.0.0.1:$port" --ping-every off >"$RUN/cold-$label-$i.log" 2>&1 &
            pid=$!; SERVER_PIDS+=("$pid")
            for _ in $(seq 1 24000); do
                if ! port_free "$port" && curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/healthz"; then ok=1; break; fi
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.005
            done
            t1=$(date +%s%N)
        fi
        [ "$ok" = 1 ] || { cat "$RUN/cold-$label-$i.log" >&2; die "cold start $label run $i failed"; }
        ms=$(( (t1 - t0) / 1000000 )); all+=("$ms")
        if [ "$i" = 1 ]; then mem "$label-idle-after-start" "$pid"; fi
        stop_pid "$pid"
    done
    emit "liaison coldstart label=$label runs=$runs median_ms=$(printf '%s\n' "${all[@]}" | median) all_ms=$(IFS=,; echo "${all[*]}") threads=default pin=none"
}

# to_ms "123.45us" -> 0.123
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
        printf "%.3f", n }'
}

# measure LABEL URL "PIDS" CONNS [LUA] : warm-up + measured wrk run (the settings of
# shared/bench/http_baseline.sh); prints one summary line.
measure() {
    local label="$1" url="$2" pids="$3" conns="$4" lua="${5:-}" out c0 c1 script=()
    [ -n "$lua" ] && script=(-s "$lua")
    if [ "$WARMUP" -gt 0 ]; then
        timeout $(( WARMUP + 30 )) "${CLIENT_PIN[@]}" wrk -t1 -c"$conns" -d"${WARMUP}s" "${script[@]}" "$url" >/dev/null 2>&1 || true
    fi
    c0=$(cpu_s $pids)
    out=$(timeout $(( DURATION + 60 )) /usr/bin/time -f '%U %S' -o "$RUN/wrk.time" "${CLIENT_PIN[@]}" \
        wrk -t1 -c"$conns" -d"${DURATION}s" --timeout 5s --latency "${script[@]}" "$url" 2>&1) \
        || { echo "$out" >&2; echo "$label url=$url error=wrk_failed"; return; }
    c1=$(cpu_s $pids)
    echo "$out" > "$RUN/wrk-$label.txt"
    local rps p50 p90 p99 maxl non2xx sockerr bytes cpu util per cli
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
    p90=$(to_ms "$(awk '$1=="90%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
    maxl=$(to_ms "$(awk '$1=="Latency" && NF>=4 {print $4}' <<<"$out")")
    non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' <<<"$out"); non2xx=${non2xx:-0}
    sockerr=$(awk '/Socket errors/ {print $3 $4 $5 $6 $7 $8 $9}' <<<"$out"); sockerr=${sockerr:-none}
    bytes=$(timeout 10 curl -s -o /dev/null -w '%{size_download}' "${AUTH_CURL[@]}" "$url" 2>/dev/null || echo "?")
    cpu=$(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", b-a}')
    util=$(awk -v c="$cpu" -v d="$DURATION" 'BEGIN{printf "%.2f", c/d}')
    per=$(awk -v c="$cpu" -v r="$rps" -v d="$DURATION" 'BEGIN{ if (r > 0) printf "%.1f", c*1e6/(r*d) }')
    cli=$(awk -v d="$DURATION" '{ printf "%.2f", ($1 + $2) / d }' "$RUN/wrk.time" 2>/dev/null || echo "?")
    echo "$label req_per_s=$rps p50_ms=$p50 p90_ms=$p90 p99_ms=$p99 max_ms=$maxl body_bytes=$bytes" \
         "non_2xx=$non2xx socket_errors=$sockerr server_cpu_util=$util server_cpu_us_per_req=$per client_cpu_util=$cli" \
         "conns=$conns duration_s=$DURATION url=$url"
}
AUTH_CURL=()

# check URL : must answer 200 with the token; echo "total/items" for list responses.
check() {
    local code
    code=$(timeout 10 curl -s -o "$RUN/check.out" -w '%{http_code}' "${AUTH_CURL[@]}" "$1" || echo 000)
    [ "$code" = 200 ] || { head -c 400 "$RUN/check.out" >&2; die "GET $1 answered HTTP $code"; }
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("total=%s items=%s" % (d["total"], len(d["items"])) if "total" in d else "entry")' "$RUN/check.out"
}
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# nginx exactly as shared/bench/http_baseline.sh configures it (1 worker, CPU 1).
start_nginx() {
    [ -n "$NGINX_PID" ] && return 0
    cp "$DATA_DIR/http/poc-entry.json" "$DATA_DIR/http/poc-page.html" "$RUN/www/"
    chmod 755 "$RUN/www"; chmod 644 "$RUN"/www/*
    local port; port=$(free_port 38080)
    cat > "$RUN/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $RUN/nginx.pid;
error_log $RUN/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=100 inactive=60s;
    server_tokens off;
    client_body_temp_path $RUN/tmp/body;
    proxy_temp_path $RUN/tmp/proxy;
    fastcgi_temp_path $RUN/tmp/fastcgi;
    uwsgi_temp_path $RUN/tmp/uwsgi;
    scgi_temp_path $RUN/tmp/scgi;
    types { application/json json; text/html html; }
    default_type application/octet-stream;
    charset utf-8;
    charset_types application/json text/html;
    server {
        listen 127.0.0.1:$port;
        root $RUN/www;
        location / { }
    }
}
EOF
    nginx -t -p "$RUN" -c "$RUN/nginx.conf" >/dev/null 2>&1 || { nginx -t -p "$RUN" -c "$RUN/nginx.conf"; die "bad nginx.conf"; }
    "${SERVER_PIN[@]}" nginx -p "$RUN" -c "$RUN/nginx.conf" >"$RUN/nginx.out" 2>&1 &
    NGINX_PID=$!
    wait_port "$port" 15 || die "nginx did not come up"
    NGINX_URL="http://127.0.0.1:$port"
    local f
    for f in poc-entry.json poc-page.html; do
        timeout 10 curl -s -o "$RUN/check.out" "$NGINX_URL/$f" && cmp -s "$RUN/check.out" "$RUN/www/$f" \
            || die "nginx sanity check failed for /$f"
    done
}
nginx_pids() { echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"; }

# A wrk script that only adds the bearer token (file readable by root only).
make_lua() {
    local token
    token=$(timeout 60 "$LIAISON_BIN" token issue --database "$1" --role admin --valid-for 1d 2>/dev/null) \
        || die "token issue failed"
    umask 077
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" > "$RUN/private/auth.lua"
    umask 022
    AUTH_CURL=(-H "Authorization: Bearer $token")
    LUA="$RUN/private/auth.lua"
}

DB10K="$RUN/private/pocs-10k.db"
ensure_db10k() {
    [ -s "$DB10K" ] && return 0
    do_import sqlite-10k-setup "$DATA_10K" "sqlite:$DB10K"
}

# ---------------------------------------------------------------- 1. import
if has import; then
    # Unpinned (as an operator runs it) and pinned to one CPU: on this VM the import's
    # threads hand every statement to each other, and a hand-off between two cores costs
    # far more than one on the same core, so the two figures differ several-fold.
    for pin in none cpu1; do
        log "import: SQLite, $RUNS runs, pin=$pin"
        rates=()
        for i in $(seq 1 "$RUNS"); do
            rm -f "$DB10K" "$DB10K-wal" "$DB10K-shm"
            do_import "sqlite-$pin-run$i" "$DATA_10K" "sqlite:$DB10K" "$pin"
            rates+=("$(kv "${SUMMARY[-1]}" entries_per_s)")
        done
        emit "liaison import summary backend=sqlite pin=$pin runs=$RUNS median_entries_per_s=$(printf '%s\n' "${rates[@]}" | median) all=$(IFS=,; echo "${rates[*]}") journal_mode=$(sqlite3 "$DB10K" 'PRAGMA journal_mode' 2>/dev/null || echo ?) synchronous=FULL(per connection, crates/liaison-store/src/sql.rs)"
        if [ "$pin" = none ]; then SQLITE_MEDIAN=$(printf '%s\n' "${rates[@]}" | median); else SQLITE_PIN_MEDIAN=$(printf '%s\n' "${rates[@]}" | median); fi
    done

    if [ "$PG" = 1 ]; then
        log "import: PostgreSQL, $RUNS runs"
        # shellcheck source=/dev/null
        . "$ROOT/scripts/lib/postgres.sh"
        pg_start || die "pg_start failed"
        prates=()
        for i in $(seq 1 "$RUNS"); do
            timeout 60 psql -X -q -v ON_ERROR_STOP=1 -d "$LIAISON_TEST_POSTGRES_URL" -c "CREATE DATABASE bench$i" >/dev/null \
                || die "CREATE DATABASE bench$i failed"
            do_import "postgres-run$i" "$DATA_10K" "${LIAISON_TEST_POSTGRES_URL%/*}/bench$i"
            prates+=("$(kv "${SUMMARY[-1]}" entries_per_s)")
        done
        emit "liaison import summary backend=postgres runs=$RUNS median_entries_per_s=$(printf '%s\n' "${prates[@]}" | median) all=$(IFS=,; echo "${prates[*]}") server=\"$("$LIAISON_PG_BINDIR/postgres" --version)\" fsync=on synchronous_commit=on unpinned"
        PG_MEDIAN=$(printf '%s\n' "${prates[@]}" | median)
        pg_stop || true
    fi

    log "import: slapd ldapadd baseline, $SLAPD_RUNS run(s)"
    srates=()
    for i in $(seq 1 "$SLAPD_RUNS"); do
        QUERIES=mail DURATION=5 timeout 1800 "$SHARED/bench/slapd_baseline.sh" >"$RUN/slapd-$i.out" 2>"$RUN/slapd-$i.err" \
            || { tail -n 20 "$RUN/slapd-$i.err" >&2; die "slapd_baseline.sh failed"; }
        line=$(grep '^slapd load ' "$RUN/slapd-$i.out" | tail -n1)
        emit "peer $line run=$i"
        q=$(grep '^slapd query=mail ' "$RUN/slapd-$i.out" | tail -n1); [ -z "$q" ] || emit "peer $q run=$i (QUERIES=mail DURATION=5)"
        srates+=("$(kv "$line" entries_per_s)")
    done
    SLAPD_MEDIAN=$(printf '%s\n' "${srates[@]}" | median)
    emit "ratio import sqlite/slapd_ldapadd=$(ratio "$SQLITE_MEDIAN" "$SLAPD_MEDIAN") sqlite_cpu1/slapd_ldapadd=$(ratio "$SQLITE_PIN_MEDIAN" "$SLAPD_MEDIAN")${PG_MEDIAN:+ postgres/slapd_ldapadd=$(ratio "$PG_MEDIAN" "$SLAPD_MEDIAN")} (entries/s, higher=better; liaison: one transaction for the file, slapd: one durable commit per entry)"
    emit "machine after=import $(machine)"
fi

# ---------------------------------------------------------------- 2. cold start
if has coldstart; then
    ensure_db10k
    log "cold start: 10k entries, $COLD_RUNS runs"
    cold_start 10k "sqlite:$DB10K" "$COLD_RUNS"
    emit "machine after=coldstart $(machine)"
fi

# ---------------------------------------------------------------- 3. HTTP
if has http; then
    ensure_db10k
    make_lua "sqlite:$DB10K"
    start_nginx
    Q_AR=$(enc "وزارة")
    start_server http-t1 "sqlite:$DB10K" 1 1
    mem 10k-t1-idle "$SRV_PID"
    U_ID="$SRV_URL/api/v1/pocs/$BY_ID"; U_Q="$SRV_URL/api/v1/pocs?q=ministry"; U_AR="$SRV_URL/api/v1/pocs?q=$Q_AR"
    emit "check by_id=$(check "$U_ID") q_ministry=$(check "$U_Q") q_arabic=$(check "$U_AR")"
    declare -A R=()
    for r in $(seq 1 "$HTTP_RUNS"); do
        log "http run $r/$HTTP_RUNS: nginx, then liaison --threads 1 (CPU 1), $CONNS conns"
        for spec in "nginx_json|$NGINX_URL/poc-entry.json|peer" "nginx_html|$NGINX_URL/poc-page.html|peer" \
                    "liaison_by_id|$U_ID|proj" "liaison_q_ministry|$U_Q|proj" "liaison_q_arabic|$U_AR|proj"; do
            IFS='|' read -r label url who <<<"$spec"
            if [ "$who" = peer ]; then
                SAVED=("${AUTH_CURL[@]}"); AUTH_CURL=()
                line=$(measure "$label" "$url" "$(nginx_pids)" "$CONNS"); AUTH_CURL=("${SAVED[@]}")
            else
                line=$(measure "$label" "$url" "$SRV_PID" "$CONNS" "$LUA")
            fi
            emit "http run=$r threads=1 $line"
            R[$label,rps]+="$(kv "$line" req_per_s) "; R[$label,p99]+="$(kv "$line" p99_ms) "
            R[$label,cpu]+="$(kv "$line" server_cpu_us_per_req) "
        done
    done
    med() { printf '%s\n' ${R[$1,$2]} | median; }
    for label in nginx_json nginx_html liaison_by_id liaison_q_ministry liaison_q_arabic; do
        emit "http median threads=1 $label runs=$HTTP_RUNS req_per_s=$(med $label rps) p99_ms=$(med $label p99) server_cpu_us_per_req=$(med $label cpu)"
    done
    for pair in liaison_by_id:nginx_json liaison_q_ministry:nginx_html liaison_q_arabic:nginx_html; do
        a=${pair%%:*}; b=${pair#*:}
        emit "ratio http threads=1 $a/$b req_per_s=$(ratio "$(med "$a" rps)" "$(med "$b" rps)") p99=$(ratio "$(med "$a" p99)" "$(med "$b" p99)") cpu_per_req=$(ratio "$(med "$a" cpu)" "$(med "$b" cpu)") (medians of $HTTP_RUNS runs; req_per_s higher=better)"
    done
    mem 10k-t1-after-load "$SRV_PID"
    stop_server

    log "http: liaison with the default thread count, unpinned (nginx figures: same run, 1 worker on CPU 1)"
    start_server http-default "sqlite:$DB10K" 0 0
    for spec in "liaison_by_id|/api/v1/pocs/$BY_ID" "liaison_q_ministry|/api/v1/pocs?q=ministry" "liaison_q_arabic|/api/v1/pocs?q=$Q_AR"; do
        IFS='|' read -r label path <<<"$spec"
        url="$SRV_URL$path"
        line=$(measure "$label" "$url" "$SRV_PID" "$CONNS" "$LUA")
        emit "http threads=default($(nproc)) pin=none $line"
        peer=nginx_html; [ "$label" = liaison_by_id ] && peer=nginx_json
        emit "ratio http threads=default $label/$peer req_per_s=$(ratio "$(kv "$line" req_per_s)" "$(med $peer rps)") p99=$(ratio "$(kv "$line" p99_ms)" "$(med $peer p99)") (nginx: median above, 1 worker pinned)"
    done
    mem 10k-default-after-load "$SRV_PID"
    stop_server
    emit "machine after=http $(machine)"
fi

# ---------------------------------------------------------------- 3b. HTML pages
if has html; then
    ensure_db10k
    start_nginx
    # Plain http on loopback: the session cookie cannot be Secure here.
    SERVE_EXTRA=(--dev-insecure-cookies)
    start_server html-t1 "sqlite:$DB10K" 1 1
    SERVE_EXTRA=()
    link=$(timeout 60 "$LIAISON_BIN" account enrol-admin --database "sqlite:$DB10K" --name "Bench administrator" \
        --public-url "$SRV_URL" 2>/dev/null | tail -n1) || die "account enrol-admin failed"
    cookie=$(timeout 60 python3 "$ROOT/scripts/lib/web_session.py" "$link") || die "enrolment through the pages failed"
    umask 077
    printf 'wrk.headers["Cookie"] = "%s"\n' "${cookie#Cookie: }" > "$RUN/private/session.lua"
    umask 022
    SAVED=("${AUTH_CURL[@]}"); AUTH_CURL=(-H "$cookie")
    U_DIR="$SRV_URL/directory"; U_DIRQ="$SRV_URL/directory?q=ministry"; U_STATE="$SRV_URL/states/FR"
    for u in "$U_DIR" "$U_DIRQ" "$U_STATE"; do
        code=$(timeout 10 curl -s -o "$RUN/check.out" -w '%{http_code}' "${AUTH_CURL[@]}" "$u" || echo 000)
        [ "$code" = 200 ] || die "GET $u answered HTTP $code"
    done
    emit "check html directory_rows=$(grep -c '<tr' "$RUN/check.out" || true)(state page) list_rows=$(timeout 10 curl -s "${AUTH_CURL[@]}" "$U_DIR" | grep -c '<tr' || true)"
    # The issue's peer is "nginx serving the same HTML statically": the very page the server
    # answers for /directory, saved once, beside the harness's own 20 KB poc-page.html.
    timeout 10 curl -s "${AUTH_CURL[@]}" -o "$RUN/www/directory.html" "$U_DIR" || die "saving /directory failed"
    emit "check html saved_directory_bytes=$(wc -c <"$RUN/www/directory.html") poc_page_bytes=$(wc -c <"$RUN/www/poc-page.html")"
    declare -A H=()
    for r in $(seq 1 "$HTTP_RUNS"); do
        log "html run $r/$HTTP_RUNS: nginx poc-page.html and the saved /directory, then liaison pages --threads 1 (CPU 1), $CONNS conns"
        for spec in "nginx_html|$NGINX_URL/poc-page.html|peer" "nginx_same_html|$NGINX_URL/directory.html|peer" "liaison_directory|$U_DIR|proj" \
                    "liaison_directory_q|$U_DIRQ|proj" "liaison_state_page|$U_STATE|proj"; do
            IFS='|' read -r label url who <<<"$spec"
            if [ "$who" = peer ]; then
                SAVED2=("${AUTH_CURL[@]}"); AUTH_CURL=()
                line=$(measure "$label" "$url" "$(nginx_pids)" "$CONNS"); AUTH_CURL=("${SAVED2[@]}")
            else
                line=$(measure "$label" "$url" "$SRV_PID" "$CONNS" "$RUN/private/session.lua")
            fi
            emit "html run=$r threads=1 $line"
            H[$label,rps]+="$(kv "$line" req_per_s) "; H[$label,p99]+="$(kv "$line" p99_ms) "
            H[$label,cpu]+="$(kv "$line" server_cpu_us_per_req) "
        done
    done
    hmed() { printf '%s\n' ${H[$1,$2]} | median; }
    for label in nginx_html nginx_same_html liaison_directory liaison_directory_q liaison_state_page; do
        emit "html median threads=1 $label runs=$HTTP_RUNS req_per_s=$(hmed $label rps) p99_ms=$(hmed $label p99) server_cpu_us_per_req=$(hmed $label cpu)"
    done
    for a in liaison_directory liaison_directory_q liaison_state_page; do
        emit "ratio html threads=1 $a/nginx_html req_per_s=$(ratio "$(hmed "$a" rps)" "$(hmed nginx_html rps)") p99=$(ratio "$(hmed "$a" p99)" "$(hmed nginx_html p99)") cpu_per_req=$(ratio "$(hmed "$a" cpu)" "$(hmed nginx_html cpu)") (medians of $HTTP_RUNS runs; goal for /directory >= 0.4)"
    done
    a=liaison_directory
    emit "ratio html threads=1 $a/nginx_same_html req_per_s=$(ratio "$(hmed "$a" rps)" "$(hmed nginx_same_html rps)") p99=$(ratio "$(hmed "$a" p99)" "$(hmed nginx_same_html p99)") cpu_per_req=$(ratio "$(hmed "$a" cpu)" "$(hmed nginx_same_html cpu)") (the same bytes served statically; medians of $HTTP_RUNS runs; goal >= 0.4)"
    mem 10k-html-after-load "$SRV_PID"
    AUTH_CURL=("${SAVED[@]}")
    stop_server
    emit "machine after=html $(machine)"
fi

# ---------------------------------------------------------------- 4. search at 100k
if has search100k; then
    if [ ! -s "$DATA_100K" ]; then
        py=$(python_with_deps)
        log "generating 100k entries into $DATA_100K"
        timeout 900 "$py" "$TOOLS_DIR/gen_pocs.py" --count 100000 --seed 1 --jsonl "$DATA_100K" >&2 || die "gen_pocs.py failed"
    fi
    DB100K="$RUN/private/pocs-100k.db"
    log "100k: import"
    do_import sqlite-100k-none "$DATA_100K" "sqlite:$DB100K"
    rm -f "$DB100K" "$DB100K-wal" "$DB100K-shm"
    do_import sqlite-100k-cpu1 "$DATA_100K" "sqlite:$DB100K" cpu1
    cold_start 100k "sqlite:$DB100K" 3
    make_lua "sqlite:$DB100K"
    start_nginx
    MAIL=$(sed -n '2p' "$DATA_100K" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["emails"][0])')
    for setup in $SEARCH_SETUPS; do      # THREADS:CONNS, THREADS = 1 (pinned to CPU 1) or default (unpinned)
        th=${setup%%:*}; sc=${setup#*:}
        if [ "$th" = 1 ]; then start_server "s100k-$th-$sc" "sqlite:$DB100K" 1 1; tl="threads=1 pin=cpu1"
        else start_server "s100k-$th-$sc" "sqlite:$DB100K" 0 0; tl="threads=default($(nproc)) pin=none"; fi
        log "100k search: $tl conns=$sc"
        SAVED=("${AUTH_CURL[@]}"); AUTH_CURL=()
        emit "search100k $tl $(measure nginx_json_floor "$NGINX_URL/poc-entry.json" "$(nginx_pids)" "$sc")"
        AUTH_CURL=("${SAVED[@]}")
        for q in "ministry" "foreign affairs" "وزارة" "外交部" "$MAIL"; do
            url="$SRV_URL/api/v1/pocs?q=$(enc "$q")"
            c=$(check "$url")
            line=$(measure "q" "$url" "$SRV_PID" "$sc" "$LUA")
            goal=$(awk -v p="$(kv "$line" p99_ms)" 'BEGIN { print (p != "" && p + 0 < 10) ? "met" : "missed" }')
            emit "search100k $tl query=\"$q\" $c goal_p99_under_10ms=$goal $line"
        done
        emit "search100k $tl $(measure by_id "$SRV_URL/api/v1/pocs/$BY_ID" "$SRV_PID" "$sc" "$LUA")"
        mem "100k-threads$th-conns$sc-after-load" "$SRV_PID"
        stop_server
    done
    emit "machine after=search100k $(machine)"
fi

echo "==== summary (conns=$CONNS search_setups=\"$SEARCH_SETUPS\" duration=${DURATION}s warmup=${WARMUP}s pin=${PIN:-1} nproc=$(nproc)) ===="
printf '%s\n' "${SUMMARY[@]}"
