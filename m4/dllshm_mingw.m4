# DLLSHM_MINGW(BITS, CPU)
# Finds a MinGW-w64 C compiler for CPU (x86_64 or i686) the way vkd3d and Wine
# do: CROSSCC<BITS> may be given by the user, else AC_CHECK_PROGS over the
# usual triplets.  When the host itself is that Windows CPU (an MSYS2 shell),
# the host compiler is used.  Sets CROSSCC<BITS> ("no" when none).  The
# compiler is probed by really linking a DLL
# and an exe, so a broken install is found here and not in `make`.
AC_DEFUN([DLLSHM_MINGW], [
  AC_ARG_VAR([CROSSCC$1], [$2 MinGW-w64 C compiler for the Windows programs])
  AS_CASE([$host],
    [$2-*-mingw*], [: ${CROSSCC$1=$CC}])
  AC_CHECK_PROGS([CROSSCC$1], [$2-w64-mingw32-gcc-win32 $2-w64-mingw32-gcc $2-w64-mingw32-clang], [no])
  AS_IF([test "x$CROSSCC$1" != xno], [
    AC_MSG_CHECKING([whether $CROSSCC$1 links Windows DLLs and programs])
    dllshm_probe_dir=conftest.pe$1
    rm -rf $dllshm_probe_dir && mkdir $dllshm_probe_dir
    cat > $dllshm_probe_dir/p.c <<_DLLSHM_EOF
#include <windows.h>
__declspec(dllexport) int __cdecl probe(void) { return (int)GetCurrentProcessId(); }
int main(void) { return probe() == 0; }
_DLLSHM_EOF
    AS_IF([$CROSSCC$1 -shared -o $dllshm_probe_dir/p.dll $dllshm_probe_dir/p.c -static-libgcc >&AS_MESSAGE_LOG_FD 2>&1 &&
           $CROSSCC$1 -o $dllshm_probe_dir/p.exe $dllshm_probe_dir/p.c -static-libgcc >&AS_MESSAGE_LOG_FD 2>&1],
      [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no])
       AC_MSG_WARN([$CROSSCC$1 cannot link Windows programs; see config.log])
       CROSSCC$1=no])
    rm -rf $dllshm_probe_dir
  ])

])
