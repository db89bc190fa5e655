# shellcheck shell=bash
# Throwaway PostgreSQL cluster for Liaison's tests.
#
#   source scripts/lib/postgres.sh
#   pg_start            # initdb + start + create role/database, exports the URL
#   ... run tests using $LIAISON_TEST_POSTGRES_URL ...
#   pg_stop             # also registered on EXIT by pg_start; safe to call twice
#
# What pg_start gives you:
#   - a fresh cluster in a new temp dir (/tmp/liaison-pg.XXXXXX), initdb'd as
#     the `postgres` system user when running as root (initdb refuses root);
#   - listening ONLY on 127.0.0.1, on a free port in 55432..55531, unix socket
#     inside the temp dir (dir mode 0700, so the trust-authenticated socket is
#     reachable only by root and the cluster's owner);
#   - fsync/synchronous_commit/full_page_writes ON (tests check durability);
#   - role `liaison` (password `liaison`, LOGIN CREATEDB, password auth over
#     TCP with scram-sha-256) owning database `liaison_test`;
#   - exported variables:
#       LIAISON_TEST_POSTGRES_URL  postgres://liaison:liaison@127.0.0.1:PORT/liaison_test
#       LIAISON_PG_DIR, LIAISON_PG_DATA, LIAISON_PG_PORT, LIAISON_PG_LOG,
#       LIAISON_PG_SOCKET_DIR, LIAISON_PG_BINDIR
#
# Knobs (environment, all optional):
#   LIAISON_PG_BINDIR          server binaries dir (default: newest /usr/lib/postgresql/*/bin)
#   LIAISON_PG_TMPDIR          parent of the temp dir (default /tmp; must be traversable by `postgres`)
#   LIAISON_PG_PORT_MIN/MAX    port range (default 55432/55531)
#   LIAISON_PG_MAX_CONNECTIONS (default 200)
#   LIAISON_PG_START_TIMEOUT   seconds to wait for the server to accept connections (default 60)
#   LIAISON_PG_SAVE_LOG        if set, pg_stop copies the server log to this path before cleanup
#
# Every function returns non-zero on failure (they do not rely on `set -e`),
# and every wait is bounded.

if [[ -n "${_LIAISON_PG_LIB_LOADED:-}" ]]; then
    return 0
fi
_LIAISON_PG_LIB_LOADED=1

_LIAISON_PG_DIR_PREFIX="liaison-pg."

_pg_log() { printf '[postgres] %s\n' "$*" >&2; }

# Print the path of the PostgreSQL server binaries (initdb, pg_ctl, postgres).
pg_find_bindir() {
    local d best=""
    if [[ -n "${LIAISON_PG_BINDIR:-}" ]]; then
        if [[ -x "$LIAISON_PG_BINDIR/initdb" && -x "$LIAISON_PG_BINDIR/pg_ctl" && -x "$LIAISON_PG_BINDIR/postgres" ]]; then
            printf '%s\n' "$LIAISON_PG_BINDIR"
            return 0
        fi
        _pg_log "LIAISON_PG_BINDIR=$LIAISON_PG_BINDIR has no initdb/pg_ctl/postgres"
        return 1
    fi
    # Debian layout: /usr/lib/postgresql/<major>/bin; take the newest major.
    while IFS= read -r d; do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
            best="$d"
        fi
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
    if [[ -n "$best" ]]; then
        printf '%s\n' "$best"
        return 0
    fi
    # Anything else on PATH (other distros, hand-built servers).
    d="$(command -v initdb 2>/dev/null)" || return 1
    d="$(dirname "$(readlink -f "$d")")"
    if [[ -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
        printf '%s\n' "$d"
        return 0
    fi
    return 1
}

# Run a command as the OS user that owns the cluster (postgres when we are root).
_pg_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u "$_LIAISON_PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

_pg_ensure_os_user() {
    [[ "$(id -u)" -eq 0 ]] || return 0
    _LIAISON_PG_OS_USER=postgres
    if ! id -u postgres >/dev/null 2>&1; then
        _pg_log "creating system user 'postgres'"
        if ! useradd --system --user-group --no-create-home \
                --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres; then
            _pg_log "could not create user 'postgres'; falling back to 'nobody'"
            _LIAISON_PG_OS_USER=nobody
            id -u nobody >/dev/null 2>&1 || { _pg_log "no 'nobody' user either"; return 1; }
        fi
    fi
    command -v runuser >/dev/null 2>&1 || { _pg_log "runuser (util-linux) is missing"; return 1; }
}

_pg_port_busy() {
    local port=$1
    # Something accepts connections there?
    if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
        return 0
    fi
    # Something listens there on another address (0.0.0.0, ::)?
    if command -v ss >/dev/null 2>&1 && [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; then
        return 0
    fi
    return 1
}

# Print free candidate ports of the range, starting at a random offset so that
# concurrent runs on one machine rarely race for the same port.
_pg_candidate_ports() {
    local min=${LIAISON_PG_PORT_MIN:-55432} max=${LIAISON_PG_PORT_MAX:-55531}
    local n=$((max - min + 1)) off=$((RANDOM % (max - min + 1))) i port
    for ((i = 0; i < n; i++)); do
        port=$((min + (off + i) % n))
        _pg_port_busy "$port" || printf '%s\n' "$port"
    done
}

# Is $1 a live postgres postmaster of data dir $2? (guards against PID reuse)
_pg_is_postmaster_of() {
    local pid=$1 data=$2 cmd
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmd" == *postgres* && "$cmd" == *"$data"* ]]
}

_pg_postmaster_pid() {
    local data=$1
    [[ -f "$data/postmaster.pid" ]] || return 1
    head -n 1 "$data/postmaster.pid" 2>/dev/null
}

# Stop whatever runs on data dir $1, bounded: fast, then immediate, then SIGKILL.
_pg_stop_datadir() {
    local data=$1 bindir=$2 pid i
    pid="$(_pg_postmaster_pid "$data")" || return 0
    _pg_is_postmaster_of "$pid" "$data" || return 0
    local mode
    for mode in fast immediate; do
        (cd / && _pg_as_owner timeout -k 5 45 "$bindir/pg_ctl" -D "$data" -m "$mode" -w -t 30 stop) >/dev/null 2>&1
        _pg_is_postmaster_of "$pid" "$data" || return 0
        _pg_log "pg_ctl stop -m $mode did not stop PID $pid"
    done
    kill -KILL "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        _pg_is_postmaster_of "$pid" "$data" || return 0
        sleep 0.1
    done
    _pg_log "postmaster PID $pid of $data is still alive"
    return 1
}

# Remove the SysV shared memory segment a killed postmaster left behind.
_pg_remove_orphan_shm() {
    local data=$1 line shmid nattch
    [[ -f "$data/postmaster.pid" ]] || return 0
    line="$(sed -n 7p "$data/postmaster.pid" 2>/dev/null)"
    shmid="$(awk '{print $2}' <<<"$line")"
    [[ "$shmid" =~ ^[0-9]+$ ]] || return 0
    command -v ipcs >/dev/null 2>&1 || return 0
    nattch="$(ipcs -m 2>/dev/null | awk -v id="$shmid" '$2 == id {print $6}')"
    if [[ "$nattch" == 0 ]]; then
        ipcrm -m "$shmid" 2>/dev/null && _pg_log "removed orphaned shared memory segment $shmid"
    fi
    return 0
}

# Clean up clusters of earlier runs that died without cleaning up (killed by
# SIGKILL, machine reset, ...). A temp dir is stale when the shell that made it
# is gone; its server, if still running, is stopped first.
_pg_cleanup_stale() {
    local parent=$1 bindir=$2 dir owner
    for dir in "$parent/$_LIAISON_PG_DIR_PREFIX"*; do
        [[ -d "$dir" && -f "$dir/owner.pid" ]] || continue
        owner="$(cat "$dir/owner.pid" 2>/dev/null)"
        if [[ "$owner" =~ ^[0-9]+$ ]] && kill -0 "$owner" 2>/dev/null; then
            continue # its run is still going on
        fi
        _pg_log "cleaning up stale cluster $dir (its run, PID ${owner:-?}, is gone)"
        _pg_stop_datadir "$dir/data" "$bindir" || continue
        _pg_remove_orphan_shm "$dir/data"
        rm -rf -- "$dir"
    done
}

# Append a command to the EXIT trap, keeping whatever was there.
_pg_add_exit_trap() {
    local new=$1 old=""
    eval "set -- $(trap -p EXIT)"
    old="${3:-}"
    case "$old" in *"$new"*) return 0 ;; esac
    # shellcheck disable=SC2064
    trap "${old:+$old; }$new" EXIT
    # Make INT/TERM/HUP run the EXIT trap, unless the caller handles them.
    local sig code
    for sig in INT:130 TERM:143 HUP:129; do
        code=${sig#*:}
        sig=${sig%%:*}
        # shellcheck disable=SC2064
        [[ -n "$(trap -p "$sig")" ]] || trap "exit $code" "$sig"
    done
}

_pg_dump_log() {
    local log=$1
    if [[ -f "$log" ]]; then
        _pg_log "---- server log ($log), last 80 lines ----"
        tail -n 80 "$log" >&2
        _pg_log "---- end of server log ----"
    else
        _pg_log "(no server log at $log)"
    fi
}

pg_start() {
    if [[ -n "${LIAISON_PG_DIR:-}" && -d "${LIAISON_PG_DIR:-}" ]]; then
        _pg_log "already running in $LIAISON_PG_DIR"
        return 0
    fi
    local bindir parent dir data log port started="" attempt=0
    bindir="$(pg_find_bindir)" || {
        _pg_log "PostgreSQL server binaries not found (apt-get install postgresql)"
        return 1
    }
    _pg_ensure_os_user || return 1
    parent="${LIAISON_PG_TMPDIR:-/tmp}"
    _pg_cleanup_stale "$parent" "$bindir"

    dir="$(mktemp -d "$parent/${_LIAISON_PG_DIR_PREFIX}XXXXXX")" || return 1
    data="$dir/data"
    log="$dir/server.log"
    echo "$$" >"$dir/owner.pid"
    export LIAISON_PG_DIR="$dir" LIAISON_PG_DATA="$data" LIAISON_PG_LOG="$log"
    export LIAISON_PG_SOCKET_DIR="$dir" LIAISON_PG_BINDIR="$bindir"
    _pg_add_exit_trap pg_stop
    if [[ "$(id -u)" -eq 0 ]]; then
        chown "$_LIAISON_PG_OS_USER:" "$dir" || return 1
    fi
    chmod 0700 "$dir"

    local locale=C
    if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
        locale=C.UTF-8
    fi
    _pg_log "initdb ($bindir, locale $locale) in $data"
    if ! (cd "$dir" && _pg_as_owner env LC_ALL=C timeout -k 5 120 "$bindir/initdb" \
            -D "$data" -U postgres -E UTF8 --locale="$locale" \
            --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1); then
        _pg_log "initdb failed:"
        cat "$dir/initdb.log" >&2
        return 1
    fi

    cat >"$data/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS       METHOD
# Unix socket lives in a 0700 temp dir: only root and the cluster owner reach it.
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
EOF
    cat >>"$data/postgresql.conf" <<EOF

# ---- Liaison test cluster (scripts/lib/postgres.sh) ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = ${LIAISON_PG_MAX_CONNECTIONS:-200}
password_encryption = 'scram-sha-256'
logging_collector = off
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
lc_messages = 'C'
timezone = 'UTC'
EOF
    if [[ "$(id -u)" -eq 0 ]]; then
        chown "$_LIAISON_PG_OS_USER:" "$data/pg_hba.conf" "$data/postgresql.conf"
    fi

    # Start on a free port; if someone grabs it between check and bind, try the next.
    local wait_s=${LIAISON_PG_START_TIMEOUT:-60}
    while IFS= read -r port; do
        attempt=$((attempt + 1))
        ((attempt <= 5)) || break
        _pg_log "starting on 127.0.0.1:$port"
        if [[ -s "$log" ]]; then # keep the earlier attempt's log apart
            cat "$log" >>"$dir/server-earlier-attempts.log" && : >"$log"
        fi
        if (cd "$dir" && _pg_as_owner timeout -k 5 $((wait_s + 15)) "$bindir/pg_ctl" \
                -D "$data" -l "$log" -o "-p $port" -w -t "$wait_s" start) >"$dir/pg_ctl.log" 2>&1; then
            started=1
            break
        fi
        if grep -qE 'could not bind|Address already in use|could not create any TCP/IP sockets' "$log" 2>/dev/null; then
            _pg_log "port $port was taken meanwhile, trying another"
            _pg_stop_datadir "$data" "$bindir"
            continue
        fi
        break
    done < <(_pg_candidate_ports)
    if [[ -z "$started" ]]; then
        if ((attempt == 0)); then
            _pg_log "no free port in ${LIAISON_PG_PORT_MIN:-55432}..${LIAISON_PG_PORT_MAX:-55531}"
            return 1
        fi
        _pg_log "server did not start (attempts: $attempt)"
        cat "$dir/pg_ctl.log" >&2 2>/dev/null
        _pg_dump_log "$log"
        return 1
    fi
    export LIAISON_PG_PORT="$port"

    # Bounded wait until it accepts TCP connections.
    local i ready=""
    for ((i = 0; i < wait_s * 5; i++)); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; then
            ready=1
            break
        fi
        sleep 0.2
    done
    if [[ -z "$ready" ]]; then
        _pg_log "server did not accept connections on 127.0.0.1:$port within ${wait_s}s"
        _pg_dump_log "$log"
        return 1
    fi

    # Role and database, through the unix socket as the superuser.
    if ! timeout -k 5 60 "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
            >"$dir/setup.log" 2>&1 <<'SQL'
CREATE ROLE liaison LOGIN CREATEDB PASSWORD 'liaison';
CREATE DATABASE liaison_test OWNER liaison;
SQL
    then
        _pg_log "creating role/database failed:"
        cat "$dir/setup.log" >&2
        _pg_dump_log "$log"
        return 1
    fi

    export LIAISON_TEST_POSTGRES_URL="postgres://liaison:liaison@127.0.0.1:$port/liaison_test"
    # Prove the URL works with password authentication over TCP.
    if ! timeout -k 5 30 "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d "$LIAISON_TEST_POSTGRES_URL" \
            -c 'select 1' >"$dir/check.log" 2>&1; then
        _pg_log "cannot connect with $LIAISON_TEST_POSTGRES_URL:"
        cat "$dir/check.log" >&2
        _pg_dump_log "$log"
        return 1
    fi
    _pg_log "ready: $LIAISON_TEST_POSTGRES_URL ($("$bindir/postgres" --version))"
    return 0
}

pg_stop() {
    local dir=${LIAISON_PG_DIR:-}
    [[ -n "$dir" ]] || return 0
    local bindir=${LIAISON_PG_BINDIR:-}
    [[ -n "$bindir" ]] || bindir="$(pg_find_bindir)" || bindir=""
    local rc=0
    if [[ -d "$dir/data" && -n "$bindir" ]]; then
        _pg_stop_datadir "$dir/data" "$bindir" || rc=1
        if ((rc)); then
            _pg_dump_log "$dir/server.log"
        else
            _pg_remove_orphan_shm "$dir/data" # only if the server had been killed
        fi
    fi
    if [[ -n "${LIAISON_PG_SAVE_LOG:-}" && -f "$dir/server.log" ]]; then
        mkdir -p "$(dirname "$LIAISON_PG_SAVE_LOG")" && cp -f "$dir/server.log" "$LIAISON_PG_SAVE_LOG"
    fi
    if ((rc == 0)); then
        rm -rf -- "$dir"
        _pg_log "stopped and removed $dir"
    else
        _pg_log "could not stop the server; leaving $dir (the next pg_start cleans it up)"
    fi
    unset LIAISON_PG_DIR LIAISON_PG_DATA LIAISON_PG_LOG LIAISON_PG_SOCKET_DIR LIAISON_PG_PORT LIAISON_TEST_POSTGRES_URL
    return "$rc"
}
