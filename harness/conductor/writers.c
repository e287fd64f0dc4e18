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
static void render_levels(struct sb *sb, const struct result_rec *v, size_t n)
{
    sb_puts(sb, "  \"levels\": [");
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(v[k].impl, v[i].impl) && !strcmp(v[k].runner, v[i].runner);
        if (seen) continue;
        int l = level_reached(v, n, v[i].impl, v[i].runner);
        sb_puts(sb, first ? "\n    {\"implementation\": " : ",\n    {\"implementation\": ");
        json_str(sb, v[i].impl);
        sb_puts(sb, ", \"runner\": ");
        json_str(sb, v[i].runner);
        sb_printf(sb, ", \"level\": \"%s\"}", l < 0 ? "none" : scn_level_name((enum scn_level)l));
        first = 0;
    }
    sb_puts(sb, first ? "],\n" : "\n  ],\n");
}

void render_json(struct sb *sb, const struct run_info *ri, const struct result_rec *v, size_t n)
{
    struct summary sum = { { 0 }, 0 };
    sb_puts(sb, "{\n  \"format\": \"dllshm-results/1\",\n  \"tool\": ");
    json_str(sb, ri->tool);
    sb_puts(sb, ",\n  \"started\": ");
    json_str(sb, ri->started);
    sb_printf(sb, ",\n  \"wall_ms\": %u,\n  \"host\": {\"os\": ", ri->wall_ms);
    json_str(sb, ri->os);
    sb_puts(sb, ", \"conductor_arch\": ");
    json_str(sb, ri->conductor_arch);
    sb_puts(sb, ", \"wine\": ");
    if (ri->wine) json_str(sb, ri->wine); else sb_puts(sb, "null");
    sb_puts(sb, ", \"cc\": ");
    json_str(sb, ri->cc);
    sb_puts(sb, ", \"cross_cc\": ");
    json_str(sb, ri->cross_cc);
    sb_puts(sb, ", \"hostname\": ");
    json_str(sb, ri->hostname);
    sb_puts(sb, ", \"commit\": ");
    json_str(sb, ri->commit);
    sb_puts(sb, "},\n  \"runners\": [");
    for (size_t i = 0; i < ri->nrunners; i++) {
        sb_puts(sb, i ? ",\n    " : "\n    ");
        sb_puts(sb, "{\"name\": ");
        json_str(sb, ri->runners[i].name);
        sb_printf(sb, ", \"available\": %s", ri->runners[i].available ? "true" : "false");
        if (!ri->runners[i].available) { sb_puts(sb, ", \"reason\": "); json_str(sb, ri->runners[i].reason); }
        sb_puts(sb, "}");
    }
    sb_puts(sb, ri->nrunners ? "\n  ],\n  \"results\": [" : "],\n  \"results\": [");
    for (size_t i = 0; i < n; i++) {
        const struct result_rec *r = &v[i];
        summary_add(&sum, r->result);
        sb_puts(sb, i ? ",\n    {" : "\n    {");
        sb_puts(sb, "\"scenario\": "); json_str(sb, r->scenario);
        sb_puts(sb, ", \"title\": "); json_str(sb, r->title);
        sb_puts(sb, ", \"implementation\": "); json_str(sb, r->impl);
        sb_puts(sb, ", \"runner\": "); json_str(sb, r->runner);
        sb_printf(sb, ", \"level\": \"%s\"", scn_level_name((enum scn_level)r->level));
        sb_printf(sb, ", \"result\": \"%s\", \"outcome\": \"%s\", \"expected\": \"%s\", \"duration_ms\": %u",
                  result_name(r->result), outcome_name(r->outcome), expected_name(r->expected), r->duration_ms);
        if (r->agent_restarts) sb_printf(sb, ", \"agent_restarts\": %u", r->agent_restarts);
        if (r->reason) { sb_puts(sb, ", \"reason\": "); json_str(sb, r->reason); }
        if (r->output) { sb_puts(sb, ", \"output\": "); json_str(sb, r->output); }
        if (r->table) { sb_puts(sb, ", \"table\": "); json_str(sb, r->table); }
        if (r->file) { sb_puts(sb, ", \"file\": "); json_str(sb, r->file); }
        sb_puts(sb, "}");
    }
    sb_puts(sb, n ? "\n  ],\n" : "],\n");
    render_levels(sb, v, n);
    sb_printf(sb, "  \"summary\": {\"total\": %u", sum.total);
    for (int k = 0; k < RES_COUNT; k++) sb_printf(sb, ", \"%s\": %u", result_name((enum result)k), sum.n[k]);
    sb_puts(sb, "}\n}\n");
}

/* JUnit groups results by RUNNER.IMPLEMENTATION, in order of appearance. */
void render_junit(struct sb *sb, const struct run_info *ri, const struct result_rec *v, size_t n)
{
    char *done = xcalloc(n ? n : 1, 1);
    struct summary all = { { 0 }, 0 };
    double total_s = 0;
    for (size_t i = 0; i < n; i++) { summary_add(&all, v[i].result); total_s += v[i].duration_ms / 1000.0; }
    sb_puts(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb_printf(sb, "<testsuites name=\"dllshm-conform\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n",
              all.total, all.n[RES_FAIL] + all.n[RES_XPASS], all.n[RES_CRASH] + all.n[RES_TIMEOUT], all.n[RES_SKIP],
              ri->wall_ms / 1000.0);
    for (size_t i = 0; i < n; i++) {
        if (done[i]) continue;
        struct summary s = { { 0 }, 0 };
        double t = 0;
        for (size_t j = i; j < n; j++)
            if (!strcmp(v[j].runner, v[i].runner) && !strcmp(v[j].impl, v[i].impl)) {
                summary_add(&s, v[j].result);
                t += v[j].duration_ms / 1000.0;
            }
        sb_puts(sb, "  <testsuite name=\"");
        xml_escape(sb, v[i].runner); sb_puts(sb, "."); xml_escape(sb, v[i].impl);
        sb_printf(sb, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\" timestamp=\"",
                  s.total, s.n[RES_FAIL] + s.n[RES_XPASS], s.n[RES_CRASH] + s.n[RES_TIMEOUT], s.n[RES_SKIP], t);
        xml_escape(sb, ri->started);
        sb_puts(sb, "\">\n    <properties>\n      <property name=\"os\" value=\"");
        xml_escape(sb, ri->os);
        sb_puts(sb, "\"/>\n      <property name=\"wine\" value=\"");
        xml_escape(sb, ri->wine ? ri->wine : "");
        sb_puts(sb, "\"/>\n      <property name=\"tool\" value=\"");
        xml_escape(sb, ri->tool);
        sb_puts(sb, "\"/>\n    </properties>\n");
        for (size_t j = i; j < n; j++) {
            const struct result_rec *r = &v[j];
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
            case RES_FAIL: case RES_XPASS: case RES_CRASH: case RES_TIMEOUT:
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

static int render_to(const char *path, void (*render)(struct sb *, const struct run_info *, const struct result_rec *, size_t),
                     const struct run_info *ri, const struct result_rec *v, size_t n)
{
    struct sb sb;
    sb_init(&sb);
    render(&sb, ri, v, n);
    int rc = write_file(path, sb.buf, sb.len);
    sb_free(&sb);
    return rc;
}

int write_json(const char *path, const struct run_info *ri, const struct result_rec *v, size_t n)
{
    return render_to(path, render_json, ri, v, n);
}

int write_junit(const char *path, const struct run_info *ri, const struct result_rec *v, size_t n)
{
    return render_to(path, render_junit, ri, v, n);
}
