#!/usr/bin/env bash
# Liaison's one test command, for newcomers and CI alike:
#
#   scripts/test.sh                 # everything
#   scripts/test.sh some_filter     # extra args go to the test binaries: cargo test ... -- some_filter
#   scripts/test.sh --pg-selftest   # only start/check/stop the throwaway PostgreSQL
#   scripts/test.sh --help
#
# What it does: installs missing Debian packages (PostgreSQL server, a C
# toolchain), starts a throwaway PostgreSQL on 127.0.0.1 (scripts/lib/postgres.sh,
# which exports LIAISON_TEST_POSTGRES_URL), then runs the stages in order and
# prints a summary with each stage's duration. It exits non-zero if any stage
# failed. A failing check stage does not stop the later ones (so you see all
# problems at once) unless LIAISON_FAIL_FAST=1.
#
# Environment knobs:
#   LIAISON_SKIP_STAGES="fmt,rust-tests"   skip stages by name
#   LIAISON_FAIL_FAST=1                     stop at the first failing stage
#   LIAISON_TIMEOUT_<STAGE>=<duration>      override a stage's time limit, e.g.
#                                           LIAISON_TIMEOUT_RUST_TESTS=90m
#   LIAISON_NO_INSTALL=1                    never call apt-get
# Logs go to test-artifacts/logs/ (git-ignored).

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

# shellcheck source=scripts/lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"

ARTIFACTS="$REPO_ROOT/test-artifacts"
LOG_DIR="$ARTIFACTS/logs"

# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
[[ -t 1 ]] || say() { printf '\n==> %s\n' "$*"; }

# bounded DURATION CMD...: run CMD with a hard time limit (timeout(1) syntax:
# 90s, 20m, 1h). In an interactive terminal keep the command in the foreground
# process group so that Ctrl-C reaches it.
bounded() {
    local limit=$1
    shift
    local opts=(-k 30s)
    if [[ -t 0 && -t 1 && -z "${CI:-}" ]]; then
        opts+=(--foreground)
    fi
    timeout "${opts[@]}" "$limit" "$@"
}

# Time limit for stage $1: LIAISON_TIMEOUT_<NAME> or the default $2.
stage_limit() {
    local var
    var="LIAISON_TIMEOUT_$(tr 'a-z-' 'A-Z_' <<<"$1")"
    printf '%s\n' "${!var:-$2}"
}

STAGE_NAMES=()
STAGE_RESULTS=()
STAGE_SECONDS=()
T_START=$SECONDS

record() { STAGE_NAMES+=("$1"); STAGE_RESULTS+=("$2"); STAGE_SECONDS+=("$3"); }

describe_rc() {
    case $1 in
        0) echo "ok" ;;
        124) echo "TIMED OUT" ;;
        137) echo "KILLED (timeout -k or OOM)" ;;
        *) echo "FAILED (exit $1)" ;;
    esac
}

FAILED=0

# run_stage NAME FUNCTION: run a check stage in a subshell with `set -e`,
# time it, record the result. Stages skipped via LIAISON_SKIP_STAGES are
# recorded as skipped.
run_stage() {
    local name=$1 fn=$2 t0 rc
    if [[ ",${LIAISON_SKIP_STAGES:-}," == *",$name,"* ]]; then
        record "$name" "skipped" 0
        return 0
    fi
    if ((FAILED)) && [[ "${LIAISON_FAIL_FAST:-0}" == 1 ]]; then
        record "$name" "not run" 0
        return 0
    fi
    say "stage: $name"
    t0=$SECONDS
    STAGE_NAME=$name
    STAGE_T0=$t0
    # In the background + `wait`, so that a signal to this script is handled at
    # once (bash defers traps while a foreground command runs); on_exit then
    # ends the stage's process tree.
    set +e
    (
        trap - INT QUIT TERM HUP
        set -euo pipefail
        "$fn"
    ) &
    STAGE_PID=$!
    wait "$STAGE_PID"
    rc=$?
    STAGE_PID=""
    set -e
    record "$name" "$(describe_rc "$rc")" $((SECONDS - t0))
    if ((rc != 0)); then
        FAILED=1
        say "stage $name: $(describe_rc "$rc")"
    fi
    return 0
}

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

print_summary() {
    local i total=$((SECONDS - T_START))
    echo
    echo "================================ Liaison test summary ================================"
    for i in "${!STAGE_NAMES[@]}"; do
        printf '  %-22s %-22s %8s\n' "${STAGE_NAMES[$i]}" "${STAGE_RESULTS[$i]}" "$(fmt_secs "${STAGE_SECONDS[$i]}")"
    done
    if [[ -n "${RUST_TEST_TOTALS:-}" ]]; then
        echo "  rust tests: $RUST_TEST_TOTALS"
    fi
    echo "--------------------------------------------------------------------------------------"
    if ((FAILED)); then
        printf '  RESULT: FAILED  (total %s; logs in %s)\n' "$(fmt_secs "$total")" "${LOG_DIR#"$REPO_ROOT"/}"
    else
        printf '  RESULT: ALL STAGES OK  (total %s)\n' "$(fmt_secs "$total")"
    fi
    echo "======================================================================================"
}

# Print PID $1 and all its descendants.
process_tree() {
    local table
    if command -v ps >/dev/null 2>&1; then
        table=$(ps -e -o pid=,ppid=)
    else
        table=$(cat /proc/[0-9]*/status 2>/dev/null | awk '/^Pid:/ {p = $2} /^PPid:/ {print p, $2}')
    fi
    awk -v root="$1" '
        { kids[$2] = kids[$2] " " $1 }
        END {
            n = 1; q[1] = root
            for (i = 1; i <= n; i++) {
                print q[i]
                m = split(kids[q[i]], k, " ")
                for (j = 1; j <= m; j++) q[++n] = k[j]
            }
        }' <<<"$table"
}

# End a stage that is still running (we were interrupted): TERM, then KILL.
STAGE_PID=""
stop_stage() {
    [[ -n "$STAGE_PID" ]] || return 0
    record "$STAGE_NAME" "INTERRUPTED" $((SECONDS - STAGE_T0))
    local pids i
    pids=$(process_tree "$STAGE_PID")
    echo "stopping the running stage (PIDs: ${pids//$'\n'/ })" >&2
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        kill -0 "$STAGE_PID" 2>/dev/null || break
        sleep 0.2
    done
    pids=$(process_tree "$STAGE_PID")
    # shellcheck disable=SC2086
    kill -0 "$STAGE_PID" 2>/dev/null && kill -KILL $pids 2>/dev/null
    wait "$STAGE_PID" 2>/dev/null
    STAGE_PID=""
}

SUMMARY_PRINTED=0
on_exit() {
    local rc=$?
    set +e
    stop_stage
    # Stop postgres before the summary so the summary is the last thing printed.
    pg_stop || true
    remove_policy_rc_d
    if ((SUMMARY_PRINTED == 0 && ${#STAGE_NAMES[@]} > 0)); then
        ((rc == 0)) || FAILED=1
        print_summary
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ----------------------------------------------------------------------------
# Setup: Debian packages
# ----------------------------------------------------------------------------

POLICY_RC_D=/usr/sbin/policy-rc.d
POLICY_RC_D_CREATED=0

# Keep package installs from starting services (e.g. the Debian "main"
# PostgreSQL cluster listening on port 5432).
create_policy_rc_d() {
    if [[ ! -e "$POLICY_RC_D" ]]; then
        printf '#!/bin/sh\n# temporary, created by scripts/test.sh\nexit 101\n' >"$POLICY_RC_D"
        chmod 0755 "$POLICY_RC_D"
        POLICY_RC_D_CREATED=1
    fi
}
remove_policy_rc_d() {
    if ((POLICY_RC_D_CREATED)); then
        rm -f "$POLICY_RC_D"
        POLICY_RC_D_CREATED=0
    fi
}

APT_UPDATED=0
apt_install() {
    local as_root=()
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            as_root=(sudo)
        else
            echo "need root to install: $*" >&2
            return 1
        fi
    fi
    if ((APT_UPDATED == 0)); then
        bounded "$(stage_limit apt-update 10m)" "${as_root[@]}" apt-get update -q || return 1
        APT_UPDATED=1
    fi
    if [[ "$(id -u)" -eq 0 ]]; then create_policy_rc_d; fi
    local rc=0
    bounded "$(stage_limit apt-install 20m)" "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" || rc=$?
    remove_policy_rc_d
    return "$rc"
}

ensure_packages() {
    local missing=()
    pg_find_bindir >/dev/null 2>&1 || missing+=(postgresql)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    if ! command -v cc >/dev/null 2>&1 || ! command -v c++ >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
        missing+=(build-essential)
    fi
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    # OpenSSL headers: webauthn-rs (passkeys) links OpenSSL.
    dpkg-query -W -f='${Status}' libssl-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libssl-dev)
    # The SMTP sink of the mail tests (scripts/lib/smtp-sink.py runs on Debian's python3).
    dpkg-query -W -f='${Status}' python3-aiosmtpd 2>/dev/null | grep -q 'install ok installed' || missing+=(python3-aiosmtpd)
    # OpenPGP interoperability peers: GnuPG (in the base image) and Sequoia's sq.
    command -v gpg >/dev/null 2>&1 || missing+=(gnupg)
    command -v sq >/dev/null 2>&1 || missing+=(sq)
    # (future: chromium chromium-driver for browser tests; python3-venv for schemathesis)
    if ((${#missing[@]} == 0)); then
        echo "all needed Debian packages are present"
        return 0
    fi
    if [[ "${LIAISON_NO_INSTALL:-0}" == 1 ]]; then
        echo "missing packages: ${missing[*]} (LIAISON_NO_INSTALL=1, not installing)" >&2
        return 1
    fi
    echo "installing: ${missing[*]}"
    apt_install "${missing[@]}"
}

# ----------------------------------------------------------------------------
# Stages. One function per stage; add new ones here and call them in main().
# ----------------------------------------------------------------------------

stage_fmt() {
    if ! bounded "$(stage_limit fmt 10m)" cargo fmt --all -- --check; then
        echo "formatting differs: run 'cargo fmt --all' and commit the result" >&2
        return 1
    fi
}

RUST_TEST_ARGS=()
stage_rust_tests() {
    local log="$LOG_DIR/rust-tests.log"
    local cargo_args=(test --workspace --locked)
    # Mail tests must talk to the real SMTP sink here, never skip for want of it.
    export LIAISON_REQUIRE_SMTP_SINK=1
    if [[ -t 1 ]]; then cargo_args+=(--color always); fi
    # Output goes to the terminal and to $log (for the summary's test counts).
    bounded "$(stage_limit rust-tests 75m)" cargo "${cargo_args[@]}" -- "${RUST_TEST_ARGS[@]}" 2>&1 | tee "$log"
}

# Sum libtest's "test result: ... N passed; M failed; K ignored" lines.
rust_test_totals() {
    local log="$LOG_DIR/rust-tests.log"
    [[ -f "$log" ]] || return 0
    sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
        /^test result: / {
            for (i = 1; i <= NF; i++) {
                if ($(i+1) ~ /^passed/)  p += $i
                if ($(i+1) ~ /^failed/)  f += $i
                if ($(i+1) ~ /^ignored/) g += $i
            }
            n++
        }
        END { if (n) printf "%d passed; %d failed; %d ignored (%d test binaries)\n", p, f, g, n }'
}

# ---------------------------------------------------------------------------
# FUTURE STAGES GO HERE (and get a run_stage line in main below).
# ---------------------------------------------------------------------------

# Browser tests (tests/browser/, scripts/browser-tests.sh): crawler (headers, cookies,
# page weight), axe-core in Chromium, the enrolment/sign-in/POC flow with screenshots.
# Debian's chromium and the Noto fonts (Arabic, Chinese screenshots); playwright-core and
# axe-core from npm (`npm ci`, no browser download); the debug binary that the rust-tests
# stage built (built here when that stage was skipped). Artifacts: target/browser-artifacts/.
stage_browser() {
    local missing=() p
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    for p in fonts-noto-core fonts-noto-cjk; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
    if ((${#missing[@]})); then
        if [[ "${LIAISON_NO_INSTALL:-0}" == 1 ]]; then
            echo "missing packages: ${missing[*]} (LIAISON_NO_INSTALL=1, not installing)" >&2
            return 1
        fi
        apt_install "${missing[@]}"
    fi
    # A no-op after the rust-tests stage (cargo test built the binary).
    bounded "$(stage_limit browser-build 30m)" cargo build -p liaison --bin liaison --locked
    bounded "$(stage_limit browser 10m)" scripts/browser-tests.sh 2>&1 | tee "$LOG_DIR/browser.log"
}

# schemathesis against the OpenAPI document, as the FR state administrator and as
# the directory administrator (scripts/schemathesis.sh: venv in test-artifacts/
# from scripts/requirements-schemathesis.txt, `liaison demo` on 127.0.0.1 with a
# temp database, bounded examples, server stopped on any exit; reports in
# test-artifacts/schemathesis/).
stage_schemathesis() {
    # `cargo test` in the rust-tests stage already built target/debug/liaison
    # (the integration tests run the binary), so this is a no-op after it; it
    # builds the binary when that stage was skipped.
    bounded "$(stage_limit schemathesis-build 30m)" cargo build -p liaison --locked
    local python=${LIAISON_SCHEMATHESIS_PYTHON:-python3}
    if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        # Debian's python3 ships venv/ensurepip separately.
        if [[ "${LIAISON_NO_INSTALL:-0}" == 1 ]]; then
            echo "$python cannot create a venv (LIAISON_NO_INSTALL=1, not installing python3-venv)" >&2
            return 1
        fi
        apt_install python3 python3-venv
    fi
    bounded "$(stage_limit schemathesis 15m)" scripts/schemathesis.sh "$REPO_ROOT/target/debug/liaison" 2>&1 \
        | tee "$LOG_DIR/schemathesis.log"
}

# ----------------------------------------------------------------------------
# --pg-selftest: check scripts/lib/postgres.sh without the Rust code.
# ----------------------------------------------------------------------------

stage_pg_selftest() {
    local url=$LIAISON_TEST_POSTGRES_URL db="liaison_selftest_$$"
    local psql=(bounded 60s psql -X -v ON_ERROR_STOP=1 -d "$url")
    "${psql[@]}" -c 'select version()'
    [[ "$("${psql[@]}" -Atc 'show fsync')" == on ]] || { echo "fsync is not on" >&2; return 1; }
    [[ "$("${psql[@]}" -Atc 'show listen_addresses')" == 127.0.0.1 ]] || { echo "listens beyond 127.0.0.1" >&2; return 1; }
    [[ "$("${psql[@]}" -Atc 'select rolcreatedb from pg_roles where rolname = current_user')" == t ]] \
        || { echo "role lacks CREATEDB" >&2; return 1; }
    "${psql[@]}" -c "CREATE DATABASE $db"
    "${psql[@]}" -c "DROP DATABASE $db"
    # createdb(1) with the same role, as a test harness would.
    PGPASSWORD=liaison bounded 60s createdb -h 127.0.0.1 -p "$LIAISON_PG_PORT" -U liaison "${db}_b"
    PGPASSWORD=liaison bounded 60s dropdb -h 127.0.0.1 -p "$LIAISON_PG_PORT" -U liaison "${db}_b"
    # A wrong password must be refused.
    if PGCONNECT_TIMEOUT=5 bounded 30s psql -X -d "postgres://liaison:wrong@127.0.0.1:$LIAISON_PG_PORT/liaison_test" \
        -c 'select 1' >/dev/null 2>&1; then
        echo "a wrong password was accepted" >&2
        return 1
    fi
    echo "postgres self-test ok"
}

# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------

usage() { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; }

main() {
    local mode=all
    case "${1:-}" in
        --pg-selftest) mode=pg-selftest; shift ;;
        -h | --help) usage; exit 0 ;;
        --) shift ;;
    esac
    RUST_TEST_ARGS=("$@")
    mkdir -p "$LOG_DIR"
    rm -f "$LOG_DIR"/*.log

    # In CI every build is from scratch: incremental artifacts only cost time.
    if [[ -n "${CI:-}" ]]; then export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"; fi

    local t0
    say "setup: Debian packages"
    t0=$SECONDS
    ensure_packages || { record packages "$(describe_rc 1)" $((SECONDS - t0)); FAILED=1; exit 1; }
    record packages ok $((SECONDS - t0))

    say "setup: PostgreSQL"
    t0=$SECONDS
    export LIAISON_PG_SAVE_LOG="$LOG_DIR/postgres.log"
    pg_start || { record postgres "$(describe_rc 1)" $((SECONDS - t0)); FAILED=1; exit 1; }
    record postgres ok $((SECONDS - t0))

    if [[ $mode == pg-selftest ]]; then
        run_stage pg-selftest stage_pg_selftest
    else
        run_stage fmt stage_fmt
        run_stage rust-tests stage_rust_tests
        RUST_TEST_TOTALS="$(rust_test_totals)"
        run_stage browser stage_browser
        run_stage schemathesis stage_schemathesis
    fi

    pg_stop || true
    print_summary
    SUMMARY_PRINTED=1
    ((FAILED == 0))
}

main "$@"
