# harness/wine.sh - sourced by the shell tests and the benchmark: what the
# shell side knows about Wine, once (the conductor's side is
# harness/conductor/prefix.c and runners.c).  The environment every Wine
# process gets, and Debian's start-up collision (harness/PROTOCOL.md): Wine
# very rarely ends a process before its first instruction; only its own
# error line (err+virtual) tells, and the process is then run again, at
# most twice, and said.

# The facts, a line each as NAME="value": harness/local.mk makes them the
# conductor's harness/wine_facts.h, so each is written here only.
# Wine's line when the start-up collision ended a process:
WINE_START_COLLISION="failed to map the shared user data"
# WINEDEBUG: quiet, and quiet but for that line:
WINE_QUIET_DEBUG="-all"
WINE_START_DEBUG="-all,err+virtual"
# WINEDLLOVERRIDES: no Mono or Gecko installer in a new prefix:
WINE_DLL_OVERRIDES="mscoree,mshtml="
# What a 64-bit-only Wine says when asked to start a 32-bit program (Wine 8:
# start.exe's ShellExecuteEx; Wine 10: its 32-bit ntdll.dll, in syswow64, is
# missing):
WINE_CANNOT_START_X86="ShellExecuteEx failed"
WINE_NO_X86_SYSTEM="syswow64"
# Tries of one start, the first included:
WINE_START_ATTEMPTS="3"
# What glibc's dynamic loader says when Wine's own process fails as it
# ends (exit code 127 after a clean exit of ours, under load).  Not the
# DLL's doing: the run is made again, counted; runs in all:
WINE_LOADER_CRASH="Inconsistency detected by ld.so"
WINE_RUN_ATTEMPTS="3"

# wine_env PREFIX: the environment of a Wine process in PREFIX, exported:
# no debug output but the collision's line, no Mono or Gecko installer.
wine_env() {
    # No TMPDIR for Wine: Debian's Wine puts the server's socket under it
    # (when /run/user/$UID is missing), and Debian's Wine 10 aborts at start
    # when it is set at all (harness/conductor/prefix.c, wine_env_new).
    unset TMPDIR
    WINEPREFIX=$1 WINEDEBUG=$WINE_START_DEBUG WINEDLLOVERRIDES=$WINE_DLL_OVERRIDES WINELOADER=${WINE64:-wine64}
    export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES WINELOADER
}

# wine_in PREFIX COMMAND...: COMMAND in that environment (TMPDIR removed,
# see wine_env), the caller's own left as it is.
wine_in() {
    _p=$1
    shift
    (unset TMPDIR; WINEPREFIX=$_p WINEDEBUG=$WINE_START_DEBUG WINEDLLOVERRIDES=$WINE_DLL_OVERRIDES "$@")
}

# The shell's one place that knows the collision (the conductor's and the
# agent's is harness/proc/session.c).

# wine_collisions FILE: how many of Wine's collision lines FILE holds.
wine_collisions() { grep -c "$WINE_START_COLLISION" "$1" 2>/dev/null; }

# wine_retry OUT ERR COMMAND...: runs COMMAND with stdout to OUT (-: left
# as it is) and stderr to ERR, and again (WINE_START_ATTEMPTS in all) when
# it failed, having printed nothing, and ERR holds the collision; counts
# those in WINE_RESTARTS; returns COMMAND's status.
WINE_RESTARTS=0
wine_retry() {
    _out=$1 _err=$2
    shift 2
    _attempt=1
    while :; do
        if [ "$_out" = - ]; then "$@" 2>"$_err"; else "$@" >"$_out" 2>"$_err"; fi
        _rc=$?
        if [ $_rc = 0 ] || { [ "$_out" != - ] && [ -s "$_out" ]; } \
            || ! grep -q "$WINE_START_COLLISION" "$_err" 2>/dev/null || [ $_attempt -ge "$WINE_START_ATTEMPTS" ]; then
            return $_rc
        fi
        WINE_RESTARTS=$((WINE_RESTARTS + 1))
        _attempt=$((_attempt + 1))
        echo "note: Wine did not start it (start-up collision): running it again (attempt $_attempt of $WINE_START_ATTEMPTS): $(printf '%s ' "$@" | cut -c1-160)" >&2
    done
}
