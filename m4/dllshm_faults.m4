# DLLSHM_FAULTS
# Reads the deliberate defects' one list, lib/core/faults.inc (lines
# "FAULT(name, proven by, what is wrong)"), into what the makefiles build
# from it: FIXTURE_FAULTS (the names carried by fx-<name>.dll), MUTANT_TESTS
# (check_core with one fault each) and TSAN_MUTANT_TESTS (its threads under
# ThreadSanitizer).  Substitutions, because Automake must not see TESTS'
# names made by make functions; config.status runs again when the list
# changes (CONFIG_STATUS_DEPENDENCIES in Makefile.am).
AC_DEFUN([DLLSHM_FAULTS], [
  AC_REQUIRE([AC_PROG_AWK])
  dllshm_faults_list=$srcdir/lib/core/faults.inc
  AS_IF([test -r "$dllshm_faults_list"], [],
    [AC_MSG_ERROR([$dllshm_faults_list is missing: the source tree is incomplete])])
  # dllshm_faults KIND PREFIX SUFFIX: PREFIX<name>SUFFIX for each fault KIND proves
  dllshm_faults () {
    $AWK -F, -v kind=" $[]1 " -v pre="$[]2" -v suf="$[]3" \
      '/^FAULT/ && [index](" " $(2) " ", kind) { printf "%s%s%s ", pre, substr($(1), 7), suf }' "$dllshm_faults_list"
  }
  FIXTURE_FAULTS=`dllshm_faults fixture`
  MUTANT_TESTS=`dllshm_faults mutant lib/tests/mutant/ .mutant`
  TSAN_MUTANT_TESTS=`dllshm_faults tsan lib/tests/mutant/tsan- .mutant`
  AS_IF([test -z "$FIXTURE_FAULTS" || test -z "$MUTANT_TESTS"],
    [AC_MSG_ERROR([$dllshm_faults_list lists no fixture or no mutant: is it damaged?])])
  AC_SUBST([FIXTURE_FAULTS])
  AC_SUBST([MUTANT_TESTS])
  AC_SUBST([TSAN_MUTANT_TESTS])
])
