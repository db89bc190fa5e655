#!/usr/bin/env bash
# Fuzz Liaison's JSON API against its own OpenAPI document with schemathesis.
#
#   scripts/schemathesis.sh [PATH/TO/liaison] [-- EXTRA SCHEMATHESIS RUN ARGS]
#
# The binary defaults to target/debug/liaison (build it first). For each identity (the FR
# state administrator, then the directory administrator) the script starts `liaison demo` on
# a free 127.0.0.1 port with a fresh temporary SQLite database, waits for /healthz, runs
# `schemathesis run` against /api/openapi.json with that identity's bearer token, and stops
# the server (also on failure or interruption). Every run has its own fresh database, so one
# identity's writes (suspended states, retired entries) cannot hide the other's paths.
#
# What is checked: every schemathesis check except positive_data_acceptance (a schema-valid
# request that the server refuses): a 5xx, an undocumented status code, content type or
# header, a response that does not match its schema, schema-invalid input that is accepted, a
# missing 405/Allow, an auth bypass. positive_data_acceptance is off because Liaison validates
# more than JSON Schema can say (an E.164 number, an IANA zone, title not allowed for an
# entity); turn it on with LIAISON_SCHEMATHESIS_EXCLUDE_CHECKS= to see where the document
# could be stricter. All four phases run: examples, coverage (boundary and negative values),
# fuzzing (positive and negative data), stateful (sequences through inferred links).
#
# To reach past the 404s and 422s, the run is configured with dictionaries of real values
# (POC ids, state codes, vocabularies, If-Match revisions) read from the demo server, and a
# hook turns most positive POST/PUT /api/v1/pocs bodies into entries the server accepts
# (keeping the generated names, titles and languages), so that 201/200 answers and their
# schemas are checked too.
#
# Exit status: 0 when every run passed; 1 when schemathesis reported a failure, a run timed
# out or the server did not start; 2 on a setup problem (no binary, no Python, no venv).
#
# Environment knobs:
#   LIAISON_SCHEMATHESIS_VENV            venv to create/reuse (default test-artifacts/schemathesis-venv)
#   LIAISON_SCHEMATHESIS_PYTHON          interpreter for the venv (default python3)
#   LIAISON_SCHEMATHESIS_MAX_EXAMPLES    examples per operation and phase (default 25: with the
#                                        thread and ping routes, about 45 operations, two principals)
#   LIAISON_SCHEMATHESIS_SEED            hypothesis seed (default 20250101; "random" for a new one)
#   LIAISON_SCHEMATHESIS_WORKERS         concurrent workers (default 1: with more, CPython 3.11's
#                                        ast.parse is not thread-safe (python/cpython#106905) and
#                                        hypothesis sometimes dies with "AST constructor recursion
#                                        depth mismatch", reported as a schemathesis error)
#   LIAISON_SCHEMATHESIS_RUN_TIMEOUT     hard limit for one schemathesis run (default 300s; with the
#                                        thread routes of issue 5, 35 operations, a run takes
#                                        about 160s on 2 busy cores)
#   LIAISON_SCHEMATHESIS_EXCLUDE_CHECKS  default positive_data_acceptance (empty: run them all)
#   LIAISON_SCHEMATHESIS_IDENTITIES      default "fr-state-admin admin" (eg-state-admin also works)
#   LIAISON_SCHEMATHESIS_KEEP=1          keep the temporary directory (databases, config, hooks)
# Reports (JUnit XML, NDJSON events, server logs) go to test-artifacts/schemathesis/.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQUIREMENTS="$REPO_ROOT/scripts/requirements-schemathesis.txt"
ARTIFACTS="$REPO_ROOT/test-artifacts/schemathesis"

BIN="$REPO_ROOT/target/debug/liaison"
EXTRA_ARGS=()
while (($#)); do
    case $1 in
        -h | --help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
        --) shift; EXTRA_ARGS=("$@"); break ;;
        *) BIN=$1; shift ;;
    esac
done

VENV="${LIAISON_SCHEMATHESIS_VENV:-$REPO_ROOT/test-artifacts/schemathesis-venv}"
PYTHON="${LIAISON_SCHEMATHESIS_PYTHON:-python3}"
MAX_EXAMPLES="${LIAISON_SCHEMATHESIS_MAX_EXAMPLES:-25}"
SEED="${LIAISON_SCHEMATHESIS_SEED:-20250101}"
WORKERS="${LIAISON_SCHEMATHESIS_WORKERS:-1}"
RUN_TIMEOUT="${LIAISON_SCHEMATHESIS_RUN_TIMEOUT:-300s}"
EXCLUDE_CHECKS="${LIAISON_SCHEMATHESIS_EXCLUDE_CHECKS-positive_data_acceptance}"
IDENTITIES="${LIAISON_SCHEMATHESIS_IDENTITIES:-fr-state-admin admin}"

log() { printf '[schemathesis.sh] %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }

[[ -x "$BIN" ]] || die "no liaison binary at $BIN (build it: cargo build -p liaison --locked)"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

# ----------------------------------------------------------------------------
# Temporary directory, server life cycle, cleanup on any exit
# ----------------------------------------------------------------------------

WORK="$(mktemp -d "${TMPDIR:-/tmp}/liaison-schemathesis.XXXXXX")"
SERVER_PID=""
RUN_PID=""

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    local i
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# End the running schemathesis (run in the background + `wait`, so that a signal to this
# script is handled at once instead of after the run: bash defers traps while a foreground
# command runs). TERM reaches timeout(1), which passes it on to schemathesis.
stop_run() {
    [[ -n "$RUN_PID" ]] || return 0
    local i
    kill -TERM "$RUN_PID" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$RUN_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$RUN_PID" 2>/dev/null || true
    wait "$RUN_PID" 2>/dev/null || true
    RUN_PID=""
}

cleanup() {
    local rc=$?
    set +e
    stop_run
    stop_server
    if [[ "${LIAISON_SCHEMATHESIS_KEEP:-0}" == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ----------------------------------------------------------------------------
# The venv, reused while the requirements file and the interpreter are unchanged
# ----------------------------------------------------------------------------

ensure_venv() {
    command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON: install Python 3 (Debian: python3 python3-venv)"
    local stamp
    stamp="$("$PYTHON" -c 'import sys; print(sys.version)' | tr -d '\n'); $(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
    if [[ -x "$VENV/bin/schemathesis" && -f "$VENV/.liaison-stamp" && "$(cat "$VENV/.liaison-stamp")" == "$stamp" ]]; then
        log "reusing the venv $VENV"
        return 0
    fi
    log "creating the venv $VENV from ${REQUIREMENTS#"$REPO_ROOT"/}"
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
    timeout 600 "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q \
        -r "$REQUIREMENTS" || die "pip install -r ${REQUIREMENTS#"$REPO_ROOT"/} failed"
    printf '%s' "$stamp" >"$VENV/.liaison-stamp"
}

ensure_venv
PY="$VENV/bin/python"
log "$("$VENV/bin/schemathesis" --version)"

# ----------------------------------------------------------------------------
# Helpers written to the temporary directory: free port, health wait, config, hooks
# ----------------------------------------------------------------------------

cat >"$WORK/free_port.py" <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF

# wait_healthy.py URL SECONDS PID: poll URL/healthz until it answers 200, the time is up or
# the server process has gone.
cat >"$WORK/wait_healthy.py" <<'EOF'
import os, sys, time, urllib.request
base, limit, pid = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("the server exited")
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(f"no answer from {base}/healthz within {limit:.0f}s")
EOF

# make_config.py BASE TOKEN OUT: a schemathesis.toml whose dictionaries hold real values of
# this server (ids of entries the identity may change, state codes), bound to the parameters
# and body fields with probability 0.7, so that 30% of the values stay freely generated.
cat >"$WORK/make_config.py" <<'EOF'
import json, sys, urllib.request

base, token, out, hooks = sys.argv[1:5]

def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)

me = get("/api/v1/me")
pocs = get("/api/v1/pocs?per_page=200&include_retired=true")["items"]
states = get("/api/v1/states")["items"]
own_state = me.get("state")
own = [p["id"] for p in pocs if own_state in (None, p["state"])]
others = [p["id"] for p in pocs if p["id"] not in own]
ids = own[:20] + others[:6]
participating = [s["code"] for s in states if s["participation"] == "participating"]
outside = [s["code"] for s in states if s["participation"] != "participating"]
codes = sorted(set(([own_state] if own_state else []) + participating[:8] + outside[:6]))
if not ids or not codes:
    sys.exit("the demo server returned no entries or no states")

dictionaries = {
    "poc_ids": ids,
    "state_codes": codes,
    "roles": ["diplomatic", "technical"],
    "kinds": ["entity", "person"],
    "entry_languages": ["ar", "zh", "en", "fr", "ru", "es"],
    "languages": ["ar", "zh", "en", "fr", "ru", "es", "de", "pt-BR", "sr-Latn"],
    "regional_groups": ["african", "asia-pacific", "eastern-european",
                        "latin-american-caribbean", "western-european-others"],
    "flags": ["unreachable", "unverified"],
    "revisions": ['"r1"', '"r2"', '"r3"', 'W/"r1"'],
    "availability": ["business_hours", "24/7"],
    "time_zones": ["Europe/Paris", "Africa/Cairo", "UTC", "Asia/Shanghai", "America/Lima"],
    "emails": ["cert@example.org", "poc@mfa.example.fr"],
    "actions": ["poc.create", "poc.update", "poc.retire", "state.admitted", "token.issue"],
}
bindings = {
    "path.id": "poc_ids", "path.code": "state_codes", "path.flag": "flags",
    "query.state": "state_codes", "query.role": "roles", "query.language": "languages",
    "query.regional_group": "regional_groups", "query.lang": "entry_languages",
    "query.subject": "poc_ids", "query.action": "actions",
    "header.If-Match": "revisions",
    "body.state": "state_codes", "body.role": "roles", "body.kind": "kinds",
    "body.entry_language": "entry_languages", "body.working_languages[*]": "languages",
    "body.flag": "flags", "body.availability": "availability", "body.time_zone": "time_zones",
    "body.emails[*]": "emails", "body.id": "poc_ids",
}

def toml_str(v):
    return json.dumps(v, ensure_ascii=False)

with open(out, "w", encoding="utf-8") as f:
    f.write(f"hooks = {toml_str(hooks)}\n\n")
    for name, values in dictionaries.items():
        f.write(f"[dictionaries.{name}]\nvalues = [{', '.join(toml_str(v) for v in values)}]\n\n")
    f.write("[parameters]\n")
    for key, name in bindings.items():
        f.write(f"{toml_str(key)} = {{ dictionary = {toml_str(name)}, probability = 0.7 }}\n")
print(f"{len(ids)} entry ids ({len(own)} of the caller's own), {len(codes)} state codes", file=sys.stderr)
EOF

# Hooks: turn most positive POST/PUT /api/v1/pocs bodies into entries the server accepts.
# Random JSON almost never satisfies the cross-field rules (an entity has no person_name,
# every entry needs an entity_name and an e-mail or phone, ...), so without this the success
# answers of the two most important operations would never be checked. Generated values the
# server may accept are kept; schemathesis revalidates a modified case, so a case stays
# "positive" only if it is still schema-valid.
cat >"$WORK/liaison_hooks.py" <<'EOF'
import json, os, random, re
import schemathesis
from schemathesis import GenerationMode

STATE = os.environ.get("LIAISON_ST_STATE", "FR")
KEYS = []
for name in ("ed25519.asc", "expired.asc", "rsa3072.asc"):
    try:
        with open(os.path.join(os.environ.get("LIAISON_ST_KEYS", ""), name), encoding="ascii") as f:
            KEYS.append(f.read())
    except OSError:
        pass
ROLES = ["diplomatic", "technical"]
KINDS = ["entity", "person"]
LANGS = ["ar", "zh", "en", "fr", "ru", "es"]
ZONES = {"Europe/Paris", "Africa/Cairo", "UTC", "Asia/Shanghai", "America/Lima"}
AVAIL = {"business_hours", "24/7"}
FIELDS = {"id", "state", "role", "kind", "entity_name", "person_name", "title", "phones",
          "emails", "working_languages", "entry_language", "translation_en", "time_zone",
          "availability", "openpgp_key", "external_ref", "reason"}
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
TEXT = re.compile(r"^[^\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]{1,200}$")

def text(v):
    return isinstance(v, str) and bool(TEXT.match(v)) and v.strip() == v and v != ""

@schemathesis.hook
def map_case(ctx, case):
    op = case.operation
    if (op.method.upper(), op.path) not in {("POST", "/api/v1/pocs"), ("PUT", "/api/v1/pocs/{id}")}:
        return case
    meta = case.meta
    body = case.body
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE or not isinstance(body, dict):
        return case
    rng = random.Random(json.dumps(body, sort_keys=True, default=repr))
    if rng.random() < 0.2:
        return case  # some bodies stay as generated
    b = {k: v for k, v in body.items() if k in FIELDS}
    b["state"] = STATE
    if b.get("role") not in ROLES:
        b["role"] = rng.choice(ROLES)
    if b.get("kind") not in KINDS:
        b["kind"] = rng.choice(KINDS)
    if b.get("entry_language") not in LANGS:
        b["entry_language"] = rng.choice(LANGS)
    if not text(b.get("entity_name")):
        b["entity_name"] = rng.choice(["Agence nationale de la sécurité", "وزارة الخارجية", "国家计算机网络应急技术处理协调中心"])
    if b["kind"] == "entity":
        b.pop("person_name", None)
        b.pop("title", None)
    else:
        if not text(b.get("person_name")):
            b["person_name"] = rng.choice(["Jeanne Martin", "Иван Петров", "José Núñez"])
        if "title" in b and not text(b["title"]):
            b.pop("title")
    emails = b.get("emails")
    if not (isinstance(emails, list) and 0 < len(emails) <= 5 and all(isinstance(e, str) and EMAIL.match(e) for e in emails)):
        b["emails"] = [f"cert{rng.randrange(100)}@example.org"]
    b["phones"] = rng.choice([[], [{"number": "+33 1 23 45 67 89", "type": "voice"}],
                              [{"number": "+41227917000", "type": "mobile"}, {"number": "+41227917001"}]])
    wl = b.get("working_languages")
    if not (isinstance(wl, list) and all(isinstance(x, str) and re.fullmatch(r"[a-z]{2}(-[A-Za-z]{2,4})?", x) for x in wl)):
        b.pop("working_languages", None)
    tr = b.get("translation_en")
    if not (isinstance(tr, dict) and set(tr) <= {"entity_name", "person_name", "title"} and all(v is None or text(v) for v in tr.values())):
        b["translation_en"] = rng.choice([None, {"entity_name": "National agency"}])
    if b["kind"] == "entity" and isinstance(b.get("translation_en"), dict):
        b["translation_en"] = {k: v for k, v in b["translation_en"].items() if k == "entity_name"}
    if b.get("time_zone") not in ZONES:
        b.pop("time_zone", None)
    if b.get("availability") not in AVAIL:
        b.pop("availability", None)
    b["external_ref"] = rng.choice([None, {"directory": "FIRST", "id": "fr-cert"}])
    b["openpgp_key"] = rng.choice([None] + KEYS) if KEYS else None
    if not text(b.get("reason")):
        b.pop("reason", None)
    if op.method.upper() == "PUT":
        b["id"] = case.path_parameters.get("id") if rng.random() < 0.5 else None
    elif not isinstance(b.get("id"), str):
        b.pop("id", None)
    case.body = b
    return case
EOF

# ----------------------------------------------------------------------------
# One run: fresh server, config, schemathesis, stop
# ----------------------------------------------------------------------------

start_server() {
    local dir=$1 attempt port
    for attempt in 1 2 3; do
        port="$("$PY" "$WORK/free_port.py")"
        rm -f "$dir"/demo.db*
        "$BIN" demo --listen "127.0.0.1:$port" --database "sqlite:$dir/demo.db" \
            >"$dir/server.out" 2>"$dir/server.err" &
        SERVER_PID=$!
        BASE="http://127.0.0.1:$port"
        if "$PY" "$WORK/wait_healthy.py" "$BASE" 60 "$SERVER_PID"; then
            return 0
        fi
        log "the server did not come up on port $port (attempt $attempt):"
        tail -n 20 "$dir/server.err" >&2 || true
        stop_server
    done
    return 1
}

# Token printed by `liaison demo` on the line starting with $2 (e.g. "admin token:").
token_from() {
    sed -n "s/^ *$2 *\([^ ]*\).*/\1/p" "$1" | head -n 1
}

FAILED_RUNS=()
run_identity() {
    local who=$1 dir token state rc=0
    dir="$WORK/$who"
    mkdir -p "$dir"
    log "== $who: starting liaison demo"
    start_server "$dir" || { FAILED_RUNS+=("$who (server did not start)"); return 0; }
    case $who in
        admin) token="$(token_from "$dir/server.out" 'admin token:')"; state=FR ;;
        fr-state-admin) token="$(token_from "$dir/server.out" 'FR state-admin:')"; state=FR ;;
        eg-state-admin) token="$(token_from "$dir/server.out" 'EG state-admin:')"; state=EG ;;
        *) die "unknown identity $who" ;;
    esac
    [[ -n "$token" ]] || { stop_server; die "no token for $who in the output of liaison demo"; }
    "$PY" "$WORK/make_config.py" "$BASE" "$token" "$dir/schemathesis.toml" "$WORK/liaison_hooks.py" \
        || { stop_server; FAILED_RUNS+=("$who (config)"); return 0; }

    local seed_args=() report="$ARTIFACTS/$who"
    [[ "$SEED" == random ]] || seed_args=(--seed "$SEED")
    local exclude_args=()
    [[ -z "$EXCLUDE_CHECKS" ]] || exclude_args=(--exclude-checks "$EXCLUDE_CHECKS")
    mkdir -p "$report"
    log "== $who: schemathesis run $BASE/api/openapi.json (max $MAX_EXAMPLES examples, seed $SEED, limit $RUN_TIMEOUT)"
    (
        cd "$dir"
        exec env LIAISON_ST_STATE="$state" LIAISON_ST_KEYS="$REPO_ROOT/crates/liaison-core/tests/fixtures/openpgp" \
            timeout -k 10s "$RUN_TIMEOUT" "$VENV/bin/schemathesis" --config-file "$dir/schemathesis.toml" \
            run "$BASE/api/openapi.json" \
            --header "Authorization: Bearer $token" \
            --checks all "${exclude_args[@]}" \
            --continue-on-failure \
            --max-examples "$MAX_EXAMPLES" "${seed_args[@]}" \
            --workers "$WORKERS" \
            --request-timeout 20 \
            --generation-database none \
            --report junit,ndjson --report-dir "$report" \
            --no-color \
            "${EXTRA_ARGS[@]}"
    ) &
    RUN_PID=$!
    wait "$RUN_PID" || rc=$?
    RUN_PID=""
    stop_server
    cp "$dir/server.out" "$dir/server.err" "$report/" 2>/dev/null || true
    case $rc in
        0) log "== $who: passed" ;;
        124 | 137) log "== $who: TIMED OUT after $RUN_TIMEOUT"; FAILED_RUNS+=("$who (timed out)") ;;
        *) log "== $who: FAILED (schemathesis exit $rc; reports in ${report#"$REPO_ROOT"/})"; FAILED_RUNS+=("$who (exit $rc)") ;;
    esac
}

rm -rf "$ARTIFACTS"
for who in $IDENTITIES; do
    run_identity "$who"
done

if ((${#FAILED_RUNS[@]})); then
    log "schemathesis failed for: ${FAILED_RUNS[*]}"
    exit 1
fi
log "schemathesis passed for: $IDENTITIES"
