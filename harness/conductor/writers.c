#include "writers.h"
#include "json.h"
#include "scenario.h"
#include "utf.h"

#include <stdlib.h>
#include <string.h>

void xml_escape(struct sb *sb, const char *s)
{
    if (!s) return;
    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t n = utf8_valid_len(s); /* not strict UTF-8: U+FFFD, the file stays valid */
        switch (c) {
        case '&': sb_puts(sb, "&amp;"); break;
        case '<': sb_puts(sb, "&lt;"); break;
        case '>': sb_puts(sb, "&gt;"); break;
        case '"': sb_puts(sb, "&quot;"); break;
        case '\'': sb_puts(sb, "&apos;"); break;
        case '\n': case '\t': case '\r': sb_printf(sb, "&#x%x;", c); break;
        default:
            if (c < 0x20) sb_printf(sb, "&#x%x;", 0x2400 + c);  /* control picture: XML 1.0 forbids these */
            else if (!n) sb_puts(sb, "\xef\xbf\xbd");
            else { sb_add(sb, s, n); s += n; continue; }
        }
        s++;
    }
}

/* "levels": the highest contract level per implementation and runner. */
static void render_levels(struct json_w *w, const struct verdict *v, size_t n)
{
    json_open(w, "levels", '[', JSON_BLOCK);
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(v[k].impl, v[i].impl) && !strcmp(v[k].runner, v[i].runner);
        if (seen) continue;
        int l = level_reached(v, n, v[i].impl, v[i].runner);
        json_open(w, NULL, '{', JSON_LINE);
        json_member_str(w, "implementation", v[i].impl);
        json_member_str(w, "runner", v[i].runner);
        json_member_str(w, "level", level_name(l));
        if (l == LEVEL_NOT_RUN) json_member_str(w, "reason", level_not_run_reason(v, n, v[i].impl, v[i].runner));
        json_close(w);
    }
    json_close(w);
}

void render_json(struct sb *sb, const struct run_info *ri, const struct verdict *v, size_t n)
{
    struct tally sum = { { 0 }, 0 };
    struct json_w w;
    json_begin(&w, sb);
    json_open(&w, NULL, '{', JSON_BLOCK);
    json_member_str(&w, "format", "dllshm-results/1");
    json_member_str(&w, "tool", ri->tool);
    json_member_str(&w, "started", ri->started);
    json_member(&w, "wall_ms");
    sb_printf(sb, "%u", ri->wall_ms);
    json_open(&w, "host", '{', JSON_LINE);
    json_member_str(&w, "os", ri->os);
    json_member_str(&w, "conductor_arch", ri->conductor_arch);
    json_member_str(&w, "wine", ri->wine);
    json_member_str(&w, "cc", ri->cc);
    json_member_str(&w, "cross_cc", ri->cross_cc);
    json_member_str(&w, "hostname", ri->hostname);
    json_member_str(&w, "commit", ri->commit);
    json_close(&w);
    json_open(&w, "runners", '[', JSON_BLOCK);
    for (size_t i = 0; i < ri->nrunners; i++) {
        json_open(&w, NULL, '{', JSON_LINE);
        json_member_str(&w, "name", ri->runners[i].name);
        json_member(&w, "available");
        sb_puts(sb, ri->runners[i].available ? "true" : "false");
        if (ri->runners[i].error) {
            json_member(&w, "error");
            sb_puts(sb, "true");
        }
        if (!ri->runners[i].available) json_member_str(&w, "reason", ri->runners[i].reason);
        json_close(&w);
    }
    json_close(&w);
    json_open(&w, "results", '[', JSON_BLOCK);
    for (size_t i = 0; i < n; i++) {
        tally_add(&sum, v[i].result);
        verdict_json(&w, &v[i], 1);
    }
    json_close(&w);
    render_levels(&w, v, n);
    tally_json(&w, &sum);
    json_close(&w);
    json_end(&w);
}

/* JUnit groups results by RUNNER.IMPLEMENTATION, in order of appearance. */
void render_junit(struct sb *sb, const struct run_info *ri, const struct verdict *v, size_t n)
{
    char *done = xcalloc(n ? n : 1, 1);
    struct tally all = { { 0 }, 0 };
    double total_s = 0;
    for (size_t i = 0; i < n; i++) { tally_add(&all, v[i].result); total_s += v[i].duration_ms / 1000.0; }
    sb_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb_printf(sb, "<testsuites name=\"dllshm-conform\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n",
              all.total, all.n[RES_FAIL] + all.n[RES_XPASS], all.n[RES_CRASH] + all.n[RES_TIMEOUT] + all.n[RES_ERROR],
              all.n[RES_SKIP],
              ri->wall_ms / 1000.0);
    for (size_t i = 0; i < n; i++) {
        if (done[i]) continue;
        struct tally s = { { 0 }, 0 };
        double t = 0;
        for (size_t j = i; j < n; j++)
            if (!strcmp(v[j].runner, v[i].runner) && !strcmp(v[j].impl, v[i].impl)) {
                tally_add(&s, v[j].result);
                t += v[j].duration_ms / 1000.0;
            }
        sb_puts(sb, "  <testsuite name=\"");
        xml_escape(sb, v[i].runner); sb_puts(sb, "."); xml_escape(sb, v[i].impl);
        sb_printf(sb, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\" timestamp=\"",
                  s.total, s.n[RES_FAIL] + s.n[RES_XPASS], s.n[RES_CRASH] + s.n[RES_TIMEOUT] + s.n[RES_ERROR],
                  s.n[RES_SKIP], t);
        xml_escape(sb, ri->started);
        sb_puts(sb, "\">\n    <properties>\n      <property name=\"os\" value=\"");
        xml_escape(sb, ri->os);
        sb_puts(sb, "\"/>\n      <property name=\"wine\" value=\"");
        xml_escape(sb, ri->wine ? ri->wine : "");
        sb_puts(sb, "\"/>\n      <property name=\"tool\" value=\"");
        xml_escape(sb, ri->tool);
        sb_puts(sb, "\"/>\n    </properties>\n");
        for (size_t j = i; j < n; j++) {
            const struct verdict *r = &v[j];
            if (strcmp(r->runner, v[i].runner) || strcmp(r->impl, v[i].impl)) continue;
            done[j] = 1;
            sb_puts(sb, "    <testcase classname=\"dllshm.");
            xml_escape(sb, r->runner); sb_puts(sb, "."); xml_escape(sb, r->impl);
            sb_puts(sb, "\" name=\"");
            xml_escape(sb, r->scenario);
            sb_printf(sb, "\" time=\"%.3f\"", r->duration_ms / 1000.0);
            if (r->file) { sb_puts(sb, " file=\""); xml_escape(sb, r->file); sb_puts(sb, "\""); }
            else if (strcmp(r->scenario, "explore")) { sb_puts(sb, " file=\"scenarios/"); xml_escape(sb, r->scenario); sb_puts(sb, ".scn\""); }
            const char *reason = r->reason ? r->reason : result_name(r->result);
            switch (r->result) {
            case RES_PASS:
                sb_puts(sb, "/>\n");
                break;
            case RES_FAIL: case RES_XPASS: case RES_CRASH: case RES_TIMEOUT: case RES_ERROR:
                sb_puts(sb, r->result == RES_FAIL || r->result == RES_XPASS ? ">\n      <failure" : ">\n      <error");
                sb_printf(sb, " type=\"%s\"", result_name(r->result));
                sb_puts(sb, " message=\"");
                xml_escape(sb, reason);
                sb_puts(sb, "\">");
                xml_escape(sb, r->output);
                sb_puts(sb, r->result == RES_FAIL || r->result == RES_XPASS ? "</failure>\n" : "</error>\n");
                sb_puts(sb, "    </testcase>\n");
                break;
            case RES_SKIP:
                sb_puts(sb, ">\n      <skipped message=\"");
                xml_escape(sb, reason);
                sb_puts(sb, "\"/>\n    </testcase>\n");
                break;
            case RES_XFAIL:
                sb_puts(sb, ">\n      <system-out>expected-fail: ");
                xml_escape(sb, reason);
                if (r->output) { sb_puts(sb, "&#xa;"); xml_escape(sb, r->output); }
                sb_puts(sb, "</system-out>\n    </testcase>\n");
                break;
            default: break;
            }
        }
        sb_puts(sb, "  </testsuite>\n");
    }
    sb_puts(sb, "</testsuites>\n");
    free(done);
}

static int render_to(const char *path, void (*render)(struct sb *, const struct run_info *, const struct verdict *, size_t),
                     const struct run_info *ri, const struct verdict *v, size_t n)
{
    struct sb sb;
    sb_init(&sb);
    render(&sb, ri, v, n);
    int rc = write_file(path, sb.buf, sb.len);
    sb_free(&sb);
    return rc;
}

int write_json(const char *path, const struct run_info *ri, const struct verdict *v, size_t n)
{
    return render_to(path, render_json, ri, v, n);
}

int write_junit(const char *path, const struct run_info *ri, const struct verdict *v, size_t n)
{
    return render_to(path, render_junit, ri, v, n);
}
