# Sourced by lib/tests/*.test: a Wine prefix of their own (a trace of
# wineserver requests or debug output needs a server started by the test,
# which the conductor's running servers cannot give).  Sets WINEPREFIX and
# friends, $server, $pe; exits 77 (SKIP) with the reason when Wine or the
# x86_64 programs are missing.  The tests that share it run one after the
# other (their .log files are chained in lib/local.mk).
top=${abs_top_builddir:-$(pwd)}
pe=$top/pe/x86_64
[ -n "${WINE64:-}" ] || { echo "SKIP: no 64-bit Wine (configure found none; install wine64)"; exit 77; }
[ -f "$pe/agent.exe" ] || { echo "SKIP: $pe/agent.exe not built (no x86_64 MinGW-w64)"; exit 77; }

# In the user's cache, made once by the conductor (crash debugger off) and
# shared by every build tree; a lock keeps two builds' tests apart.
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/dllshm/wineprefix
. "${abs_top_srcdir:-${srcdir:-.}}/harness/wine.sh"
wine_env "$cache/libtests"
server=${WINESERVER:-wineserver}
mkdir -p "$top/tests" "$cache" || exit 99
exec 8>"$WINEPREFIX.lock"
if command -v flock >/dev/null 2>&1; then flock 8 || exit 99; fi
if [ ! -f "$WINEPREFIX/.dllshm-ready" ]; then
    "$top/dllshm-conform" --make-prefix "$WINEPREFIX" >/dev/null \
        || { echo "FAIL: could not create $WINEPREFIX (dllshm-conform --make-prefix, above)"; exit 1; }
fi
