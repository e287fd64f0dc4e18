/* Unit tests for the conductor's pure parts: the scenario parser (good
 * files, and malformed ones with their exact FILE:LINE:COL messages), the
 * expectations matcher, reply parsing and checking, result classification
 * and the JSON/JUnit writers (the JSON parsed back with jansson). */
#include "scenario.h"
#include "commands.h"
#include "expectations.h"
#include "reply.h"
#include "table.h"
#include "writers.h"
#include "diagnose.h"

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The test records list the fields the checks read, in order; the rest are zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static char err[512];

/* A scratch file in the current directory (the build tree under make
 * check), from PATH, a "name-XXXXXX" template: mkstemp and stdio, which
 * POSIX and MinGW-w64 both have (neither open_memstream nor /tmp are on
 * Windows). */
static FILE *scratch(char *path)
{
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp %s failed", path);
    FILE *f = fdopen(fd, "w+b");
    ck_assert_ptr_nonnull(f);
    return f;
}

/* What was written to the scratch file F at PATH, as a string; F is
 * closed and its file removed.  Caller frees. */
static char *scratch_text(FILE *f, const char *path)
{
    ck_assert_int_eq(fflush(f), 0);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    remove(path);
    return s;
}

static struct scenario *parse(const char *text)
{
    err[0] = '\0';
    return scenario_parse("t.scn", text, err, sizeof err);
}

/* ---- scenario parser: good files ---------------------------------------- */

START_TEST(parse_basic)
{
    struct scenario *s = parse(
        "# a comment\n"
        "title: First attach sees an empty block   # trailing comment\n"
        "catches: late-memset sample\n"
        "timeout: 5000\n"
        "needs: ex-api, mixed\n"
        "\n"
        "start a\n"
        "start b x86 noload\n"
        "a: set \"hello # not a comment -> nor an arrow\"\n"
        "b: load\n"
        "b: get 100 -> \"hello # not a comment -> nor an arrow\"\n"
        "a: get 3 -> \"he\", len == 2, overflow == 0\n"
        "a: hammer 500 x:10 y:20 &\n"
        "wait a -> writes > 0\n"
        "b: get 0 -> len == -1, touched == 0\n"
        "b: get-null 10 -> ok\n"
        "a: load nowhere.dll -> error load\n"
        "kill a\n"
        "exit b -> code 0\n");
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_str_eq(s->name, "t");
    ck_assert_str_eq(s->title, "First attach sees an empty block");
    ck_assert_str_eq(s->catches, "late-memset sample");
    ck_assert_uint_eq(s->timeout_ms, 5000);
    ck_assert(s->needs_ex_api && s->needs_mixed && !s->needs_programs);
    ck_assert_int_eq(s->nprocs, 2);
    ck_assert_uint_eq(s->nsteps, 13);
    ck_assert_int_eq(s->steps[0].kind, STEP_START);
    ck_assert_int_eq(s->steps[1].arch, ARCH_I686);
    ck_assert_int_eq(s->steps[1].noload, 1);
    ck_assert_str_eq(s->steps[2].command, "set \"hello # not a comment -> nor an arrow\"");
    ck_assert_int_eq(s->steps[2].expect.kind, EXP_OK);
    ck_assert_int_eq(s->steps[4].expect.kind, EXP_TEXT);
    ck_assert_uint_eq(s->steps[4].expect.text_len, 37);
    ck_assert_int_eq(s->steps[5].expect.nchecks, 2);
    ck_assert_str_eq(s->steps[5].expect.checks[1].field, "overflow");
    ck_assert_int_eq(s->steps[6].background, 1);
    ck_assert_int_eq(s->steps[7].kind, STEP_WAIT);
    ck_assert_int_eq(s->steps[7].expect.checks[0].op, OP_GT);
    ck_assert_int_eq(s->steps[8].expect.checks[0].value, -1);
    ck_assert_int_eq(s->steps[10].expect.kind, EXP_ERROR);
    ck_assert_str_eq(s->steps[10].expect.error_word, "load");
    ck_assert_int_eq(s->steps[12].expect.has_exit, 1);
    ck_assert_int_eq(s->steps[12].line, 19);
    ck_assert_str_eq(s->steps[12].text, "exit b -> code 0");
    scenario_free(s);
}
END_TEST

/* start a b c: one step per name, begun together, sharing the options. */
START_TEST(parse_group_start)
{
    struct scenario *s = parse("title: x\nstart a b c x86 noload\nstart d\na: load\n");
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_uint_eq(s->nsteps, 5);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(s->steps[i].kind, STEP_START);
        ck_assert_int_eq(s->steps[i].proc, i);
        ck_assert_int_eq(s->steps[i].arch, ARCH_I686);
        ck_assert_int_eq(s->steps[i].noload, 1);
        ck_assert_int_eq(s->steps[i].with_next, i < 2);
        ck_assert_int_eq(s->steps[i].line, 2);
    }
    ck_assert_str_eq(s->steps[0].text, "start a");
    ck_assert_int_eq(s->steps[3].with_next, 0);
    ck_assert_int_eq(s->steps[3].noload, 0);
    ck_assert_int_eq(s->uses_block_name, 0);
    scenario_free(s);
    s = parse("title: x\nlevel: hardened\nstart a\na: squat small other_name\n");
    ck_assert_msg(s && !s->uses_block_name, "%s", err);
    scenario_free(s);
    s = parse("title: x\nlevel: hardened\nstart a\na: squat small\n");
    ck_assert_msg(s && s->uses_block_name, "%s", err);
    scenario_free(s);
    s = parse("title: x\nstart a noload\na: await-block 100\n");
    ck_assert_msg(s && s->uses_block_name, "%s", err);
    scenario_free(s);

    s = parse("title: x\nstart a b a\n");
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err, "t.scn:2:11: expected each name once");
}
END_TEST

START_TEST(parse_repeat_and_text)
{
    struct scenario *s = parse(
        "title: storm\n"
        "repeat 3\n"
        "  start a\n"
        "  a: set x*2047\n"
        "  a: get 8192 -> x*2047\n"
        "  kill a\n"
        "end\n"
        "start b\n"
        "b: get 10 -> \"\\u00e9\\\"q\\\\\\n\"\n"
        "b: get 10 -> \"\xc3\xa9\xf0\x9f\x98\x80\"\n"
        "run p parent child.exe -> exit 0, output \"Child process read from shared memory: This is a test string\"\n");
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_uint_eq(s->nsteps, 3 * 4 + 4);
    ck_assert_int_eq(s->steps[4].kind, STEP_START);
    ck_assert_int_eq(s->steps[4].line, 3);
    ck_assert_uint_eq(s->steps[6].expect.text_len, 2047);
    ck_assert_uint_eq(s->steps[6].expect.text[2046], 'x');
    const struct expect *e = &s->steps[13].expect;
    ck_assert_uint_eq(e->text_len, 5);
    ck_assert_uint_eq(e->text[0], 0xe9);
    ck_assert_uint_eq(e->text[1], '"');
    ck_assert_uint_eq(e->text[2], 'q');
    ck_assert_uint_eq(e->text[3], '\\');
    ck_assert_uint_eq(e->text[4], '\n');
    e = &s->steps[14].expect;  /* é and a surrogate pair */
    ck_assert_uint_eq(e->text_len, 3);
    ck_assert_uint_eq(e->text[1], 0xd83d);
    ck_assert_uint_eq(e->text[2], 0xde00);
    e = &s->steps[15].expect;
    ck_assert_int_eq(s->steps[15].kind, STEP_RUN);
    ck_assert_str_eq(s->steps[15].command, "parent child.exe");
    ck_assert(e->has_exit && e->exit_code == 0);
    ck_assert_str_eq(e->output, "Child process read from shared memory: This is a test string");
    ck_assert(s->needs_programs);
    scenario_free(s);
}
END_TEST

START_TEST(parse_crlf_and_empty_text)
{
    struct scenario *s = parse("title: x\r\nstart a\r\na: get 1 -> \"\"\r\na: crash -> crash\r\n");
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_int_eq(s->steps[1].expect.kind, EXP_TEXT);
    ck_assert_uint_eq(s->steps[1].expect.text_len, 0);
    ck_assert_int_eq(s->steps[2].expect.kind, EXP_CRASH);
    scenario_free(s);
}
END_TEST

/* ---- scenario parser: malformed files, exact messages ------------------- */

static const struct { const char *text, *msg; } bad[] = {
    { "", "t.scn:1:1: expected a 'title:' line" },
    { "title: x\n", "t.scn:1:1: expected at least one step" },
    { "title: x\nstart a\nfrob a\n", "t.scn:3:1: expected a step: start, NAME: COMMAND, wait, kill, exit, run, check-history, repeat or end" },
    { "title: x\nstart A\n", "t.scn:2:7: expected a process name ([a-z][a-z0-9_]*)" },
    { "title: x\nstart a\na: info\n", "t.scn:3:4: expected a command of the documented level: 'info' belongs to the dllshm level (say 'level: dllshm' in the headers)" },
    { "title: x\nlevel: hardened\nstart a\na: exget 5\n", "t.scn:4:4: expected a command of the hardened level: 'exget' belongs to the dllshm level (say 'level: dllshm' in the headers)" },
    { "title: x\nlevel: best\nstart a\n", "t.scn:2:8: expected documented, hardened or dllshm after 'level:'" },
    { "title: x\nstart a\na: exit\n", "t.scn:3:4: expected 'exit a' (a step) to end a process" },
    { "title: x\nstart a\na: get 5 -> len = 3\n", "t.scn:3:17: expected a comparison (== != < <= > >=) after 'len'" },
    { "title: x\nstart a\na: get 5 -> len == abc\n", "t.scn:3:20: expected a number" },
    { "title: x\nstart a\na: get 5 -> \"abc\n", "t.scn:3:17: expected a closing '\"'" },
    { "title: x\nstart a\na: get 5 -> \"a\\qb\"\n", "t.scn:3:15: expected an escape: \\\" \\\\ \\n \\t or \\uXXXX" },
    { "title: x\nstart a\na: get 5 -> \"ab\" len == 2\n", "t.scn:3:18: expected ',' or the end of the line" },
    { "title: x\nstart a\na: get 5 ->\n", "t.scn:3:12: expected an expectation after '->'" },
    { "title: x\nstart a\na: get 5 -> crash, len == 1\n", "t.scn:3:12: expected no field comparisons with crash" },
    { "title: x\nstart a\na: hammer 10 x:1 & -> ok\n", "t.scn:3:20: expected no expectation on a background command: put it on 'wait a'" },
    { "title: x\nstart a\nstart b x86 x64\n", "t.scn:3:13: expected one arch only" },
    { "title: x\nstart a\nstart b x86 arm\n", "t.scn:3:13: expected x86, x64, noload or the end of the line" },
    { "title: x\ntimeout: soon\nstart a\n", "t.scn:2:10: expected a timeout in milliseconds" },
    { "title: x\ntimeout: 0\nstart a\n", "t.scn:2:10: expected a timeout in milliseconds (1..600000)" },
    { "title: x\nneeds: ex-api, wings\nstart a\n", "t.scn:2:16: expected ex-api, mixed or programs" },
    { "title: x\nstart a\ntitle: again\n", "t.scn:3:1: expected headers (title:, catches:, timeout:, needs:, level:, contract:) before the first step" },
    { "title: x\nrepeat 2\nstart a\nrepeat 3\n", "t.scn:4:1: expected 'end' before another 'repeat' (repeat blocks do not nest)" },
    { "title: x\n  repeat 2\nstart a\nkill a\n", "t.scn:2:3: expected 'end' for this 'repeat'" },
    { "title: x\nstart a\nend\n", "t.scn:3:1: expected 'repeat N' before 'end'" },
    { "title: x\nrepeat 0\nend\n", "t.scn:2:8: expected a repeat count (1..100000)" },
    { "title: x\nb: get 1\n", "t.scn:2:1: expected 'start b' before b is used" },
    { "title: x\nstart a\nstart a\n", "t.scn:3:1: expected 'kill a' or 'exit a' before starting it again" },
    { "title: x\nrepeat 2\nstart a\nend\n", "t.scn:3:1: expected 'kill a' or 'exit a' before starting it again" },
    { "title: x\nstart a\na: watch 10 x:1 &\na: get 1\n", "t.scn:4:1: expected 'wait a' before a gets another command" },
    { "title: x\nstart a\nwait a\n", "t.scn:3:1: expected a background command ('a: ... &') before this wait" },
    { "title: x\nstart a\na: sleep 5 &\nexit a\n", "t.scn:4:1: expected 'wait a' before 'exit a'" },
    { "title: x\nstart a\nkill a extra\n", "t.scn:3:8: expected the end of the line" },
    { "title: x\nstart a\nexit a -> 0\n", "t.scn:3:11: expected 'code N'" },
    { "title: x\nrun p grep foo\n", "t.scn:2:7: expected a program of the sample: parent or child" },
    { "title: x\nrun p parent -> exit 0, stdout \"x\"\n", "t.scn:2:25: expected 'exit N' or 'output \"line\"'" },
    { "title: x\nstart a\na: get 1 -> x*\n", "t.scn:3:13: expected \"text\" or C*N" },
    { "title: x\nstart a\na: get 1 -> 5\n", "t.scn:3:13: expected \"text\", C*N, empty, ok, error, crash or FIELD OP VALUE" },
    { "title: x\nstart a\na: get 1 -> x*9999999\n", "t.scn:3:15: expected a count N of at most 1000000 in C*N" },
    { "title: x\nstart a\na: get 1\x01\n", "t.scn:3:9: expected text (a control character is here)" },
    { "title: x\ncheck-history ha\n", "t.scn:2:15: expected init=W.SEQ (the value written before the phase) and the history files" },
    { "title: x\ncheck-history init=0.1 h/a\n", "t.scn:2:24: expected a file name (letters, digits, . _ -)" },
    { "title: x\ncheck-history init=0.1 ha -> ok\n", "t.scn:2:27: expected no expectation after check-history: it passes when linearizable" },
};

/* An unknown command: the message lists every command a scenario may
 * send, from the one table (harness/common/commands.h), and not exit,
 * which is a step. */
START_TEST(parse_unknown_command)
{
    struct scenario *s = parse("title: x\nstart a\na: jump\n");
    ck_assert_ptr_null(s);
    ck_assert_msg(!strncmp(err, "t.scn:3:4: expected a command (load, unload, set, get, get-null, ", 65), "%s", err);
    size_t listed = 0;
    for (size_t i = 0; i < command_count; i++) {
        char word[64];
        snprintf(word, sizeof word, "%s%s", command_table[i].name, i + 2 < command_count ? "," : ")");
        int in = strstr(err, word) != NULL;
        ck_assert_msg(in == command_table[i].in_scenarios, "%s: listed %d: %s", command_table[i].name, in, err);
        listed += in;
    }
    ck_assert_uint_ge(listed, 33);
    ck_assert_ptr_null(strstr(err, "exit"));
}
END_TEST

START_TEST(parse_malformed)
{
    struct scenario *s = parse(bad[_i].text);
    ck_assert_msg(s == NULL, "parsed: %s", bad[_i].text);
    ck_assert_str_eq(err, bad[_i].msg);
}
END_TEST

START_TEST(load_errors)
{
    char e[512];
    ck_assert_ptr_null(scenario_load("/nonexistent/x.scn", e, sizeof e));
    ck_assert_msg(!strncmp(e, "/nonexistent/x.scn:0:0: expected a readable scenario file (", 58), "%s", e);
    char path[] = "check-scn-XXXXXX";
    FILE *f = scratch(path);
    ck_assert_uint_eq(fwrite("title: x\nsta\0rt a\n", 1, 18, f), 18);
    fclose(f);
    ck_assert_ptr_null(scenario_load(path, e, sizeof e));
    char want[600];
    snprintf(want, sizeof want, "%s:2:4: expected text (a NUL byte is here)", path);
    ck_assert_str_eq(e, want);
    remove(path);
}
END_TEST

/* ---- expectations ------------------------------------------------------- */

START_TEST(rules_match_first_wins)
{
    struct rules r;
    const char *text =
        "# scenario impl runner expected\n"
        "truncation   sample  *        fail\n"
        "torn-*       fx-*    wine-*   flaky   timing\n"
        "torn-reads   *       *        skip    no threads here\n"
        "*            sample  wine-i686 pass\n"
        "get-?ero     sample  *        fail   # wraps\n";
    ck_assert_msg(rules_parse(&r, "exp", text, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(r.n, 5);
    const struct rule *m = rules_match(&r, "truncation", "sample", "wine-i686");
    ck_assert(m && m->expected == EXPECT_FAIL && m->line == 2);
    m = rules_match(&r, "torn-reads", "fx-no-seqlock", "wine-x86_64");
    ck_assert(m && m->expected == EXPECT_FLAKY);
    ck_assert_str_eq(m->reason, "timing");
    m = rules_match(&r, "torn-reads", "dllshm", "windows-x86_64");
    ck_assert(m && m->expected == EXPECT_SKIP);
    ck_assert_str_eq(m->reason, "no threads here");
    m = rules_match(&r, "get-zero", "sample", "windows-i686");
    ck_assert(m && m->expected == EXPECT_FAIL);
    ck_assert_str_eq(m->reason, "");
    ck_assert_ptr_null(rules_match(&r, "truncation", "dllshm", "wine-x86_64"));
    /* A user's DLL (NULL): only the rules for every implementation. */
    ck_assert_ptr_null(rules_match(&r, "truncation", NULL, "wine-i686"));
    m = rules_match(&r, "torn-reads", NULL, "wine-x86_64");
    ck_assert(m && m->expected == EXPECT_SKIP && m->line == 4);
    rules_free(&r);
}
END_TEST

START_TEST(rules_errors)
{
    struct rules r;
    ck_assert_int_eq(rules_parse(&r, "exp", "a b c maybe\n", err, sizeof err), -1);
    ck_assert_str_eq(err, "exp:1:7: expected pass, fail, flaky or skip");
    ck_assert_int_eq(rules_parse(&r, "exp", "\n  a b\n", err, sizeof err), -1);
    ck_assert_str_eq(err, "exp:2:6: expected a runner name or glob");
    ck_assert_int_eq(rules_parse(&r, "exp", "a b c skip   # why?\n", err, sizeof err), -1);
    ck_assert_str_eq(err, "exp:1:11: expected a reason after skip");
    ck_assert_int_eq(rules_load(&r, "/nonexistent/expectations", err, sizeof err), 0);
    ck_assert_uint_eq(r.n, 0);
    rules_free(&r);
}
END_TEST

START_TEST(globs)
{
    ck_assert(glob_match("*", ""));
    ck_assert(glob_match("fx-*", "fx-no-lock"));
    ck_assert(!glob_match("fx-*", "sample"));
    ck_assert(glob_match("wine-*-64", "wine-x86-64"));
    ck_assert(glob_match("a*b*c", "aXXbYYbc"));
    ck_assert(!glob_match("a?c", "ac"));
}
END_TEST

/* ---- replies ------------------------------------------------------------ */

/* The check a reply fails (CHECK_NONE: it meets the expectation); its
 * message in msg, its root cause in last_cause. */
static char last_cause[96];
static enum check_kind check_line(const char *line, const char *scn_expect, char *msg)
{
    char text[256];
    snprintf(text, sizeof text, "title: x\nstart a\na: get 10 -> %s\n", scn_expect);
    struct scenario *s = parse(text);
    ck_assert_msg(s != NULL, "%s", err);
    struct reply r;
    reply_parse(line, &r);
    struct check_out co;
    enum check_kind rc = reply_check(line, &r, &s->steps[1].expect, 0, &co);
    snprintf(msg, 512, "%.511s", co.msg);
    snprintf(last_cause, sizeof last_cause, "%s", co.cause);
    scenario_free(s);
    return rc;
}

START_TEST(reply_fields)
{
    struct reply r;
    long long v;
    const char *line = "ok len=5 overflow=0 touched=1 text=\"a b\\\"c=d\" extra=0x10";
    reply_parse(line, &r);
    ck_assert_int_eq(r.kind, REPLY_OK);
    ck_assert_int_eq(reply_num(&r, "len", &v), 0); ck_assert_int_eq(v, 5);
    ck_assert_int_eq(reply_num(&r, "extra", &v), 0); ck_assert_int_eq(v, 16);
    ck_assert_int_eq(reply_num(&r, "text", &v), -1);
    ck_assert_int_eq(reply_num(&r, "missing", &v), -1);
    ck_assert(r.has_text && r.text_len == 8 && !strncmp(r.text, "a b\\\"c=d", 8));
    reply_parse("error load 126", &r);
    ck_assert_int_eq(r.kind, REPLY_ERROR);
    ck_assert_str_eq(r.word2, "load");
    reply_parse("crash code=0xc0000005 address=0x0", &r);
    ck_assert_int_eq(r.kind, REPLY_CRASH);
    ck_assert_int_eq(reply_num(&r, "code", &v), 0); ck_assert_int_eq(v, 0xc0000005LL);
    /* A crash in words, and its place as the root cause. */
    char *cause = NULL;
    reply_parse("crash code=0xc0000005 address=0x7ff81a2f module=dbj.dll offset=0x1a2f export=SetSharedMem "
                "access=write target=0x0", &r);
    char *words = reply_crash_words(&r, &cause);
    ck_assert_str_eq(words, "access violation (0xc0000005) writing 0x0 at dbj.dll+0x1a2f (in or after its export SetSharedMem)");
    ck_assert_str_eq(cause, "a crash at dbj.dll+0x1a2f");
    free(words); free(cause);
    reply_parse("crash code=0xc00000fd address=0x1234", &r);
    words = reply_crash_words(&r, &cause);
    ck_assert_str_eq(words, "stack overflow (0xc00000fd) at 0x1234, in no module (a jump into freed or unmapped memory?)");
    free(words); free(cause);
    reply_parse("ready pid=12 arch=x64 loaded=1", &r);
    ck_assert_int_eq(r.kind, REPLY_READY);
    reply_parse("Wine says hello", &r);
    ck_assert_int_eq(r.kind, REPLY_OTHER);
}
END_TEST

START_TEST(reply_checks)
{
    char msg[512];
    ck_assert_int_eq(check_line("ok len=5 overflow=0 touched=1 text=\"hello\"", "\"hello\"", msg), CHECK_NONE);
    ck_assert_int_eq(check_line("ok len=5 overflow=0 touched=1 text=\"hellp\"", "\"hello\"", msg), CHECK_TEXT);
    ck_assert_str_eq(msg, "expected \"hello\" (5 units), got 'ok len=5 overflow=0 touched=1 text=\"hellp\"'");
    ck_assert_int_eq(check_line("ok len=4 overflow=0 touched=1 text=\"hello\"", "\"hello\"", msg), CHECK_TEXT);
    /* A prefix: a length the DLL cuts at, said in words. */
    ck_assert_int_eq(check_line("ok len=3 overflow=0 touched=1 text=\"xxx\"", "x*5", msg), CHECK_CUT);
    ck_assert_msg(strstr(msg, "got only its first 3: the value is cut at 3 characters (a DLL that stores at most 3 "
                              "characters)") != NULL, "%s", msg);
    ck_assert_str_eq(last_cause, "it stores at most 3 characters");
    /* Torn reads all cut at one length: a length cap, named as such. */
    ck_assert_int_eq(check_line("ok reads=9 torn=4 empty=0 changes=0 cut=4 cut_len=254", "torn == 0", msg), CHECK_CUT);
    ck_assert_str_eq(msg, "expected torn == 0, got torn=4 (every one cut at 254 characters: this DLL stores at "
                          "most 254?): 'ok reads=9 torn=4 empty=0 changes=0 cut=4 cut_len=254'");
    ck_assert_int_eq(check_line("ok reads=9 torn=4 empty=0 changes=0 cut=3 cut_len=254", "torn == 0", msg), CHECK_FIELD);
    ck_assert_str_eq(msg, "expected torn == 0, got torn=4: 'ok reads=9 torn=4 empty=0 changes=0 cut=3 cut_len=254'");
    /* A reader that never saw a change is named as such. */
    ck_assert_int_eq(check_line("ok reads=9 torn=0 empty=9 changes=0 example=\"\"", "changes >= 20", msg), CHECK_FIELD);
    ck_assert_str_eq(msg, "expected changes >= 20, got changes=0 (the reader never saw a write: other processes' "
                          "writes do not reach it): 'ok reads=9 torn=0 empty=9 changes=0 example=\"\"'");
    ck_assert_int_eq(check_line("ok len=1 overflow=0 touched=1 text=\"\\u00e9\"", "\"\xc3\xa9\"", msg), CHECK_NONE);
    ck_assert_int_eq(check_line("ok len=3 overflow=0 touched=1 text=\"xxx\"", "x*3, touched == 1", msg), CHECK_NONE);
    ck_assert_int_eq(check_line("ok len=3 overflow=0 touched=1 text=\"xxx\"", "x*3, touched == 0", msg), CHECK_FIELD);
    ck_assert_str_eq(msg, "expected touched == 0, got touched=1: 'ok len=3 overflow=0 touched=1 text=\"xxx\"'");
    ck_assert_int_eq(check_line("ok len=0 overflow=0 touched=1 text=\"\"", "empty", msg), CHECK_NONE);
    /* No terminator within the buffer: said in words, a cause of its own. */
    ck_assert_int_eq(check_line("ok len=-1 overflow=0 touched=0 text=\"\"", "empty", msg), CHECK_UNTERMINATED);
    ck_assert_str_eq(msg, "expected empty, got no terminator within the buffer (len=-1): 'ok len=-1 overflow=0 touched=0 text=\"\"'");
    ck_assert_str_eq(last_cause, "GetSharedMem leaves the caller's buffer without a terminator");
    /* overflow fails whatever was expected */
    ck_assert_int_eq(check_line("ok len=0 overflow=1 touched=1 text=\"\"", "ok", msg), CHECK_OVERFLOW);
    ck_assert_str_eq(msg, "wrote past the caller's buffer (overflow=1): 'ok len=0 overflow=1 touched=1 text=\"\"'");
    ck_assert_str_eq(last_cause, "GetSharedMem writes past the caller's buffer");
    ck_assert_int_eq(check_line("error not-loaded", "error", msg), CHECK_NONE);
    ck_assert_int_eq(check_line("error not-loaded", "error not-loaded", msg), CHECK_NONE);
    ck_assert_int_eq(check_line("error load 126", "error not-loaded", msg), CHECK_REPLY);
    ck_assert_int_eq(check_line("ok", "error", msg), CHECK_REPLY);
    ck_assert_int_eq(check_line("error load 126", "ok", msg), CHECK_REPLY);
    /* Win32 numbers come with their names and meanings. */
    ck_assert_str_eq(msg, "expected ok, got 'error load 126' (126 ERROR_MOD_NOT_FOUND: the DLL, or a DLL it imports, "
                          "was not found)");
    ck_assert_int_eq(check_line("error open status=-2 win32=13", "ok", msg), CHECK_REPLY);
    ck_assert_msg(strstr(msg, "(13 ERROR_INVALID_DATA: ") != NULL, "%s", msg);
    ck_assert_int_eq(check_line("crash code=0xc0000005 address=0x0", "crash", msg), CHECK_NONE);
    ck_assert_int_eq(check_line("ok", "crash", msg), CHECK_NO_CRASH);
    ck_assert_str_eq(msg, "expected a crash, got 'ok'");
    ck_assert_int_eq(check_line("ok reads=100 torn=0", "torn == 0, reads >= 100", msg), CHECK_NONE);
    ck_assert_int_eq(check_line("ok reads=99 torn=0", "torn == 0, reads >= 100", msg), CHECK_FIELD);
    ck_assert_int_eq(check_line("ok reads=100", "torn == 0", msg), CHECK_FIELD);
    ck_assert_str_eq(msg, "expected torn == 0, but the reply has no numeric 'torn': 'ok reads=100'");
    ck_assert_int_eq(check_line("ok status=0 len=5 overflow=0 touched=1 text=\"hello\"", "\"hello\", status == 0", msg), CHECK_NONE);
}
END_TEST

/* ---- results ------------------------------------------------------------ */

START_TEST(classification)
{
    ck_assert_int_eq(classify(OUT_PASS, EXPECT_PASS), RES_PASS);
    ck_assert_int_eq(classify(OUT_FAIL, EXPECT_PASS), RES_FAIL);
    ck_assert_int_eq(classify(OUT_CRASH, EXPECT_PASS), RES_CRASH);
    ck_assert_int_eq(classify(OUT_TIMEOUT, EXPECT_PASS), RES_TIMEOUT);
    ck_assert_int_eq(classify(OUT_FAIL, EXPECT_FAIL), RES_XFAIL);
    ck_assert_int_eq(classify(OUT_CRASH, EXPECT_FAIL), RES_XFAIL);
    ck_assert_int_eq(classify(OUT_PASS, EXPECT_FAIL), RES_XPASS);
    ck_assert_int_eq(classify(OUT_PASS, EXPECT_FLAKY), RES_PASS);
    ck_assert_int_eq(classify(OUT_FAIL, EXPECT_FLAKY), RES_XFAIL);
    ck_assert_int_eq(classify(OUT_SKIP, EXPECT_PASS), RES_SKIP);
    ck_assert_int_eq(classify(OUT_PASS, EXPECT_SKIP), RES_SKIP);
    ck_assert(result_failed(RES_XPASS) && result_failed(RES_CRASH) && result_failed(RES_TIMEOUT));
    ck_assert(result_passed(RES_XFAIL) && !result_failed(RES_SKIP) && !result_passed(RES_SKIP));

    struct tally s = { { 0 }, 0 };
    enum result rs[] = { RES_PASS, RES_PASS, RES_XFAIL, RES_FAIL, RES_XPASS, RES_CRASH, RES_TIMEOUT, RES_SKIP };
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++) tally_add(&s, rs[i]);
    char line[128];
    tally_line(&s, line, sizeof line);
    ck_assert_str_eq(line, "3 passed, 4 failed, 1 skipped");

    struct verdict r = { .scenario = "truncation", .title = "t", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "wine-x86_64", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 312, .level = LEVEL_DOCUMENTED };
    progress_line(&r, 12, 120, line, sizeof line);
    ck_assert_str_eq(line, "[ 12/120] PASS   wine-x86_64  dllshm  truncation  (312 ms)");
}
END_TEST

START_TEST(prove)
{
    struct verdict v[] = {
        { .scenario = "a", .title = "", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "w", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "a", .title = "", .impl = "sample", .role = ROLE_FIXTURE, .runner = "w", .outcome = OUT_CRASH, .expected = EXPECT_FAIL, .result = RES_XFAIL, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "b", .title = "", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "w", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "b", .title = "", .impl = "sample", .role = ROLE_FIXTURE, .runner = "w", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "c", .title = "", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "w", .outcome = OUT_SKIP, .expected = EXPECT_PASS, .result = RES_SKIP, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
    };
    char path[] = "check-prove-XXXXXX";
    FILE *f = scratch(path);
    ck_assert_uint_eq(prove_check(f, v, 5), 1);
    print_table(f, v, 5);
    char *buf = scratch_text(f, path);
    ck_assert_msg(strstr(buf, "scenario b fails no fixture: it cannot fail\n") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "| a        | pass    | xfail   |") != NULL, "%s", buf);
    free(buf);
}
END_TEST

/* ---- writers ------------------------------------------------------------ */

static struct verdict sample_results[] = {
    { .scenario = "truncation", .title = "Set truncates", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "wine-x86_64", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 312, .level = LEVEL_DOCUMENTED },
    { .scenario = "truncation", .title = "Set truncates", .impl = "sample", .role = ROLE_FIXTURE, .runner = "wine-x86_64", .outcome = OUT_CRASH, .expected = EXPECT_FAIL, .result = RES_XFAIL, .duration_ms = 40, .reason = "truncation.scn:4: b: get 8192: agent b crashed (code 0xc0000005)", .output = "> get 8192\n< crash \"<&>\"\x01\xff", .level = LEVEL_DOCUMENTED },
    { .scenario = "torn", .title = "No \"torn\" <reads>", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "wine-x86_64", .outcome = OUT_FAIL, .expected = EXPECT_PASS, .result = RES_FAIL, .duration_ms = 1000, .reason = "bad & worse", .output = "out", .level = LEVEL_DOCUMENTED },
    { .scenario = "torn", .title = "x", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "wine-i686", .outcome = OUT_SKIP, .expected = EXPECT_PASS, .result = RES_SKIP, .duration_ms = 0, .reason = "Exec format error", .level = LEVEL_DOCUMENTED },
    { .scenario = "hang", .title = "x", .impl = "dllshm", .role = ROLE_DLLSHM, .runner = "wine-x86_64", .outcome = OUT_TIMEOUT, .expected = EXPECT_PASS, .result = RES_TIMEOUT, .duration_ms = 5000, .reason = "timed out", .output = "t", .agent_restarts = 2, .process_starts = 3, .level = LEVEL_DOCUMENTED },
};
static const struct runner_status runners[] = { { "wine-x86_64", 1, NULL, 0 }, { "wine-i686", 0, "Exec format error", 0 } };
static const struct run_info info = { "dllshm-conform 0.1.0", "2026-11-26T05:00:00Z", 41234, "linux", "x86_64",
                                      "wine-8.0", "gcc 12", "x86_64-w64-mingw32-gcc", "buildhost", "ca41d28",
                                      runners, 2 };

/* The highest level an implementation fully passes: what happened counts
 * (an expected-fail does not pass), every level below must pass too, and a
 * level with nothing but skips is not reached. */
START_TEST(levels_reached)
{
    struct verdict v[] = {
        { .scenario = "vis", .title = "t", .impl = "a", .role = ROLE_USER, .runner = "r1", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "squat", .title = "t", .impl = "a", .role = ROLE_USER, .runner = "r1", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_HARDENED },
        { .scenario = "ex", .title = "t", .impl = "a", .role = ROLE_USER, .runner = "r1", .outcome = OUT_FAIL, .expected = EXPECT_PASS, .result = RES_FAIL, .duration_ms = 1, .level = LEVEL_DLLSHM },
        { .scenario = "vis", .title = "t", .impl = "b", .role = ROLE_USER, .runner = "r1", .outcome = OUT_FAIL, .expected = EXPECT_FAIL, .result = RES_XFAIL, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "squat", .title = "t", .impl = "b", .role = ROLE_USER, .runner = "r1", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_HARDENED },
        { .scenario = "vis", .title = "t", .impl = "c", .role = ROLE_USER, .runner = "r1", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "squat", .title = "t", .impl = "c", .role = ROLE_USER, .runner = "r1", .outcome = OUT_SKIP, .expected = EXPECT_PASS, .result = RES_SKIP, .duration_ms = 0, .level = LEVEL_HARDENED },
        { .scenario = "ex", .title = "t", .impl = "c", .role = ROLE_USER, .runner = "r1", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DLLSHM },
        { .scenario = "vis", .title = "t", .impl = "a", .role = ROLE_USER, .runner = "r2", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DOCUMENTED },
        { .scenario = "ex", .title = "t", .impl = "a", .role = ROLE_USER, .runner = "r2", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_DLLSHM },
        { .scenario = "squat", .title = "t", .impl = "a", .role = ROLE_USER, .runner = "r2", .outcome = OUT_PASS, .expected = EXPECT_PASS, .result = RES_PASS, .duration_ms = 1, .level = LEVEL_HARDENED },
    };
    size_t n = sizeof v / sizeof v[0];
    ck_assert_int_eq(level_reached(v, n, "a", "r1"), LEVEL_HARDENED);
    ck_assert_int_eq(level_reached(v, n, "b", "r1"), LEVEL_NONE);
    ck_assert_int_eq(level_reached(v, n, "c", "r1"), LEVEL_DOCUMENTED);
    ck_assert_int_eq(level_reached(v, n, "a", "r2"), LEVEL_DLLSHM);
    /* Nothing ran: no level at all, not "none". */
    ck_assert_int_eq(level_reached(v, n, "z", "r1"), LEVEL_NOT_RUN);
    ck_assert_str_eq(level_name(LEVEL_NOT_RUN), "not run");
    ck_assert_str_eq(level_name(LEVEL_NONE), "none");
    ck_assert_str_eq(level_name(LEVEL_HARDENED), "hardened");
}
END_TEST

/* Results carry no path of the tree that made them. */
START_TEST(paths_made_relative)
{
    const char *bases[] = { "/w/main/_build", "/w/main", NULL };
    char *r = strip_bases("! start (x64): /usr/lib/wine/wine64 /w/main/_build/pe/x86_64/agent.exe "
                          "--dll '/w/main/pe/a.dll' /x/w/main/pe /w/mainly/x /w/main", bases);
    ck_assert_str_eq(r, "! start (x64): /usr/lib/wine/wine64 pe/x86_64/agent.exe "
                        "--dll 'pe/a.dll' /x/w/main/pe /w/mainly/x /w/main");
    free(r);
    ck_assert_ptr_null(strip_bases(NULL, bases));
}
END_TEST

START_TEST(json_roundtrip)
{
    struct sb sb;
    sb_init(&sb);
    render_json(&sb, &info, sample_results, 5);
    json_error_t je;
    json_t *root = json_loads(sb.buf, 0, &je);
    ck_assert_msg(root != NULL, "line %d: %s\n%s", je.line, je.text, sb.buf);
    ck_assert_str_eq(json_string_value(json_object_get(root, "format")), "dllshm-results/1");
    ck_assert_int_eq(json_integer_value(json_object_get(root, "wall_ms")), 41234);
    json_t *host = json_object_get(root, "host");
    ck_assert_str_eq(json_string_value(json_object_get(host, "hostname")), "buildhost");
    ck_assert_str_eq(json_string_value(json_object_get(host, "commit")), "ca41d28");
    json_t *rs = json_object_get(root, "runners");
    ck_assert_uint_eq(json_array_size(rs), 2);
    ck_assert(json_is_false(json_object_get(json_array_get(rs, 1), "available")));
    json_t *results = json_object_get(root, "results");
    ck_assert_uint_eq(json_array_size(results), 5);
    json_t *r1 = json_array_get(results, 1);
    ck_assert_str_eq(json_string_value(json_object_get(r1, "result")), "expected-fail");
    ck_assert_str_eq(json_string_value(json_object_get(r1, "outcome")), "crash");
    ck_assert_str_eq(json_string_value(json_object_get(r1, "expected")), "fail");
    ck_assert_str_eq(json_string_value(json_object_get(r1, "level")), "documented");
    /* dllshm on wine-x86_64 fails "torn": no level; on wine-i686 all skipped: not run, and why. */
    json_t *levels = json_object_get(root, "levels");
    ck_assert_uint_eq(json_array_size(levels), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(levels, 1), "implementation")), "sample");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(levels, 0), "level")), "none");
    ck_assert_ptr_null(json_object_get(json_array_get(levels, 0), "reason"));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(levels, 2), "level")), "not run");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(levels, 2), "reason")), "Exec format error");
    ck_assert_str_eq(json_string_value(json_object_get(r1, "output")), "> get 8192\n< crash \"<&>\"\x01\xef\xbf\xbd");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(results, 2), "title")), "No \"torn\" <reads>");
    ck_assert_ptr_null(json_object_get(json_array_get(results, 0), "output"));
    /* agent_restarts only where Wine had to start an agent again */
    ck_assert_ptr_null(json_object_get(json_array_get(results, 0), "agent_restarts"));
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(results, 4), "agent_restarts")), 2);
    /* process_starts only where the conductor started processes */
    ck_assert_ptr_null(json_object_get(json_array_get(results, 0), "process_starts"));
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(results, 4), "process_starts")), 3);
    json_t *sum = json_object_get(root, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "total")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "expected-fail")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "timeout")), 1);
    ck_assert(json_is_null(json_object_get(json_object_get(root, "host"), "wine")) == 0);
    json_decref(root);
    sb_free(&sb);
}
END_TEST

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++) n++;
    return n;
}

START_TEST(junit_shape)
{
    struct sb sb;
    sb_init(&sb);
    render_junit(&sb, &info, sample_results, 5);
    const char *x = sb.buf;
    ck_assert_int_eq(count(x, "<testsuite "), 3);     /* x86_64.dllshm, x86_64.sample, i686.dllshm */
    ck_assert_int_eq(count(x, "</testsuite>"), 3);
    ck_assert_int_eq(count(x, "<testcase "), 5);
    ck_assert_int_eq(count(x, "<failure "), 1);
    ck_assert_int_eq(count(x, "<error type=\"timeout\""), 1);
    ck_assert_int_eq(count(x, "<skipped message=\"Exec format error\"/>"), 1);
    ck_assert_msg(strstr(x, "<testsuite name=\"wine-x86_64.dllshm\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\"") != NULL, "%s", x);
    ck_assert(strstr(x, "classname=\"dllshm.wine-x86_64.sample\" name=\"truncation\" time=\"0.040\"") != NULL);
    ck_assert(strstr(x, "message=\"bad &amp; worse\"") != NULL);
    ck_assert(strstr(x, "&lt;&amp;&gt;") != NULL);
    ck_assert(strchr(x, '\x01') == NULL);
    /* xmllint, when installed, has the last word on well-formedness */
    if (system("command -v xmllint >/dev/null 2>&1") == 0) {
        char path[] = "check-junit-XXXXXX";
        FILE *f = scratch(path);
        ck_assert_uint_eq(fwrite(x, 1, sb.len, f), sb.len);
        fclose(f);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
        ck_assert_int_eq(system(cmd), 0);
        remove(path);
    }
    sb_free(&sb);
}
END_TEST

/* ---- preflight diagnoses ------------------------------------------------ */

static int has(const char *msg, const char *needle) { return msg && strstr(msg, needle) != NULL; }

START_TEST(diagnose_export_tables)
{
    char *ok[] = { "GetSharedMem", "SetSharedMem", "Other" };
    ck_assert_ptr_null(diagnose_exports(ok, 3, "SetSharedMem", "GetSharedMem"));
    char *dec[] = { "GetSharedMem@8", "SetSharedMem@4" };
    char *m = diagnose_exports(dec, 2, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "exports SetSharedMem@4 and GetSharedMem@8") && has(m, ".def file")
                  && has(m, "extern \"C\"") && has(m, "__cdecl"), "%s", m);
    free(m);
    char *dec_under[] = { "_SetSharedMem@4", "GetSharedMem" };
    m = diagnose_exports(dec_under, 2, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "exports _SetSharedMem@4, not SetSharedMem:") && has(m, "decoration"), "%s", m);
    free(m);
    char *msvc[] = { "?SetSharedMem@@YAXPA_W@Z", "?GetSharedMem@@YAXPA_WK@Z" };
    m = diagnose_exports(msvc, 2, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "C++-mangled") && has(m, "extern \"C\""), "%s", m);
    free(m);
    char *gcc[] = { "_Z12SetSharedMemPw", "_Z12GetSharedMemPwm" };
    m = diagnose_exports(gcc, 2, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "C++-mangled"), "%s", m);
    free(m);
    char *other[] = { "WriteSharedText", "ReadSharedText" };
    m = diagnose_exports(other, 2, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "exports neither SetSharedMem nor GetSharedMem; it exports WriteSharedText, ReadSharedText"), "%s", m);
    free(m);
    m = diagnose_exports(NULL, 0, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "exports nothing"), "%s", m);
    free(m);
    char *half[] = { "SetSharedMem" };
    m = diagnose_exports(half, 1, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "exports SetSharedMem but not GetSharedMem"), "%s", m);
    free(m);
    char *caps[] = { "setsharedmem", "GetSharedMem" };
    m = diagnose_exports(caps, 2, "SetSharedMem", "GetSharedMem");
    ck_assert_msg(has(m, "case-sensitive"), "%s", m);
    free(m);
}
END_TEST

START_TEST(diagnose_measured)
{
    char *m = diagnose_load_error(1114);
    ck_assert_msg(has(m, "1114") && has(m, "DllMain returned FALSE"), "%s", m);
    free(m);
    m = diagnose_load_error(126);
    ck_assert_msg(has(m, "ERROR_MOD_NOT_FOUND") && has(m, "-static-libgcc"), "%s", m);
    free(m);
    m = diagnose_load_error(998);
    ck_assert_msg(has(m, "DllMain crashed"), "%s", m);
    free(m);
    m = diagnose_load_error(4242);
    ck_assert_msg(has(m, "Win32 error 4242"), "%s", m);
    free(m);
    ck_assert(diagnose_is_system_dll("KERNEL32.dll") && diagnose_is_system_dll("msvcrt.dll")
              && diagnose_is_system_dll("api-ms-win-crt-runtime-l1-1-0.dll"));
    ck_assert(!diagnose_is_system_dll("libgcc_s_seh-1.dll") && !diagnose_is_system_dll("VCRUNTIME140.dll"));
    ck_assert_ptr_null(diagnose_convention(0, 0));
    m = diagnose_convention(4, 8);
    ck_assert_msg(has(m, "__stdcall") && has(m, "4 and 8 bytes"), "%s", m);
    free(m);
    unsigned wide_ok[4] = { 0x61, 0x62, 0, 0xfefe }, narrow_ok[4] = { 0x6261, 0, 0xfefe, 0xfefe };
    ck_assert_ptr_null(diagnose_width(wide_ok, narrow_ok, 4));
    unsigned wide8[4] = { 0x61, 0xfefe, 0xfefe, 0xfefe }, narrow8[4] = { 0x6261, 0xfe00, 0xfefe, 0xfefe };
    m = diagnose_width(wide8, narrow8, 4);
    ck_assert_msg(has(m, "this DLL stores 8-bit strings (char*); the pattern is UTF-16 (LPWSTR)")
                  && has(m, "0x6261"), "%s", m);
    free(m);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("conductor");
    TCase *t = tcase_create("scenario");
    tcase_add_test(t, parse_basic);
    tcase_add_test(t, parse_group_start);
    tcase_add_test(t, parse_repeat_and_text);
    tcase_add_test(t, parse_crlf_and_empty_text);
    tcase_add_test(t, parse_unknown_command);
    tcase_add_loop_test(t, parse_malformed, 0, sizeof bad / sizeof bad[0]);
    tcase_add_test(t, load_errors);
    suite_add_tcase(s, t);
    t = tcase_create("expectations");
    tcase_add_test(t, rules_match_first_wins);
    tcase_add_test(t, rules_errors);
    tcase_add_test(t, globs);
    suite_add_tcase(s, t);
    t = tcase_create("reply");
    tcase_add_test(t, reply_fields);
    tcase_add_test(t, reply_checks);
    suite_add_tcase(s, t);
    t = tcase_create("results");
    tcase_add_test(t, classification);
    tcase_add_test(t, prove);
    tcase_add_test(t, json_roundtrip);
    tcase_add_test(t, paths_made_relative);
    tcase_add_test(t, levels_reached);
    tcase_add_test(t, junit_shape);
    suite_add_tcase(s, t);
    t = tcase_create("diagnose");
    tcase_add_test(t, diagnose_export_tables);
    tcase_add_test(t, diagnose_measured);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
