#!/usr/bin/env bash
# Kernels differ: some run 32-bit x86 programs (IA32 emulation), some answer
# "Exec format error".  The one place that asks, and the one way to run a
# command as the other kind would see it.
#   ci/ia32.sh probe         exit 0: this kernel runs 32-bit programs;
#                            1: it cannot (Exec format error); 2: cannot tell
#                            (no assembler: binutils); the answer on stdout
#   ci/ia32.sh without CMD...  CMD as on a kernel without IA32 emulation: in a
#                            private mount namespace, every 32-bit Wine loader
#                            is an ELF of another machine, so starting it
#                            fails with "Exec format error" as such a kernel
#                            answers.  Nothing outside CMD sees the change.
#                            Needs root, or unprivileged user namespaces;
#                            exit 77 with the reason when neither is there.
# Loaders replaced by `without`: Debian's and Ubuntu's, WineHQ's, and $WINE32
# when it names one (configure's choice).
set -u

probe() {
  local t rc
  command -v as >/dev/null && command -v ld >/dev/null \
    || { echo "cannot tell: no assembler (install binutils)"; return 2; }
  t=$(mktemp -d) || return 2
  printf '.globl _start\n_start: movl $1,%%eax\n movl $0,%%ebx\n int $0x80\n' >"$t/a.s"
  if ! { as --32 "$t/a.s" -o "$t/a.o" && ld -m elf_i386 "$t/a.o" -o "$t/a"; } 2>/dev/null; then
    rm -rf "$t"; echo "cannot tell: binutils cannot build a 32-bit program"; return 2
  fi
  "$t/a" 2>/dev/null
  rc=$?
  rm -rf "$t"
  if [ $rc = 0 ]; then echo "this kernel runs 32-bit programs"; return 0; fi
  echo "this kernel cannot run 32-bit programs (Exec format error)"
  return 1
}

without() {
  local stub loaders l ns
  [ $# -gt 0 ] || { echo "usage: ci/ia32.sh without COMMAND..." >&2; return 2; }
  loaders=
  for l in /usr/lib/wine/wine /opt/wine-stable/bin/wine /opt/wine-devel/bin/wine /opt/wine-staging/bin/wine \
           "${WINE32:-}"; do
    [ -n "$l" ] && [ -f "$l" ] && [ "$(head -c 5 "$l" | od -An -tx1 | tr -d ' ')" = 7f454c4601 ] \
      && loaders="$loaders $l"  # an ELF of class 1: a 32-bit loader (not a wrapper script)
  done
  if [ "$(id -u)" = 0 ]; then ns="unshare -m --propagation private"
  else ns="unshare -r -m --propagation private"; fi
  if ! $ns true 2>/dev/null; then
    echo "SKIP: cannot make a private mount namespace ($ns: needs root or user namespaces)" >&2
    return 77
  fi
  stub=$(mktemp) || return 2
  # ELF magic, 64-bit, little endian, e_machine 183 (aarch64): execve() gives ENOEXEC on x86.
  printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\267\000\001\000\000\000' >"$stub"
  head -c 40 /dev/zero >>"$stub"
  chmod +x "$stub"
  echo "ci/ia32.sh: as a kernel without IA32 emulation (32-bit loaders replaced:${loaders:- none found}): $*" >&2
  LOADERS=$loaders $ns bash -c '
    stub=$1; shift
    for l in $LOADERS; do mount --bind "$stub" "$l" || exit 99; done
    exec "$@"' ia32-without "$stub" "$@"
  local rc=$?
  rm -f "$stub"
  return $rc
}

case ${1:-} in
  probe) probe ;;
  without) shift; without "$@" ;;
  *) echo "usage: ci/ia32.sh probe | without COMMAND..." >&2; exit 2 ;;
esac
