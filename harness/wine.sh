# harness/wine.sh - sourced by the shell tests and the benchmark: what the
# shell side knows about Wine, once (the conductor's side is
# harness/conductor/prefix.c and runners.c).  The environment every Wine
# process gets, and Debian's start-up collision (harness/PROTOCOL.md): Wine
# very rarely ends a process before its first instruction; only its own
# error line (err+virtual) tells, and the process is then run again, at
# most twice, and said.

WINE_START_COLLISION="failed to map the shared user data"

# wine_env PREFIX: the environment of a Wine process in PREFIX, exported:
# no debug output but the collision's line, no Mono or Gecko installer.
wine_env() {
    WINEPREFIX=$1 WINEDEBUG=-all,err+virtual WINEDLLOVERRIDES="mscoree,mshtml=" WINELOADER=${WINE64:-wine64}
    export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES WINELOADER
}

# wine_in PREFIX COMMAND...: COMMAND in that environment, the caller's
# own left as it is.
wine_in() {
    _p=$1
    shift
    WINEPREFIX=$_p WINEDEBUG=-all,err+virtual WINEDLLOVERRIDES="mscoree,mshtml=" "$@"
}

# wine_collided FILE: FILE holds Wine's line of the start-up collision.
wine_collided() { grep -q "$WINE_START_COLLISION" "$1" 2>/dev/null; }

# wine_retry OUT ERR COMMAND...: runs COMMAND with stdout to OUT and stderr
# to ERR, and again (at most twice) when it failed having printed nothing
# and ERR holds the collision; counts those in WINE_RESTARTS; returns
# COMMAND's status.
WINE_RESTARTS=0
wine_retry() {
    _out=$1 _err=$2
    shift 2
    for _attempt in 1 2 3; do
        "$@" >"$_out" 2>"$_err"
        _rc=$?
        if [ $_rc = 0 ] || [ -s "$_out" ] || ! wine_collided "$_err" || [ $_attempt = 3 ]; then
            return $_rc
        fi
        WINE_RESTARTS=$((WINE_RESTARTS + 1))
        echo "note: Wine did not start it (start-up collision): running it again (attempt $((_attempt + 1)) of 3): $(printf '%s ' "$@" | cut -c1-160)" >&2
    done
}
