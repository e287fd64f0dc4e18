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

export WINEPREFIX="$top/tests/fastpath-prefix" WINEDEBUG=-all,err+virtual WINEDLLOVERRIDES="mscoree,mshtml=" WINELOADER="$WINE64"
# Debian's wine64 (no preloader) very rarely ends a process at start-up on an
# address-space collision (harness/PROTOCOL.md); only Wine's own error line
# (err+virtual) tells.  collided FILE: that line is in FILE, so run it again.
collided() { grep -q "failed to map the shared user data" "$1" 2>/dev/null; }
server=${WINESERVER:-wineserver}
mkdir -p "$top/tests"
if [ ! -f "$WINEPREFIX/.dllshm-ready" ]; then
    "$WINE64" wineboot -i >/dev/null 2>&1 && "$server" -w && touch "$WINEPREFIX/.dllshm-ready" \
        || { echo "FAIL: could not create $WINEPREFIX"; exit 1; }
fi
