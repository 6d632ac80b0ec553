/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.c - da_report_write(): the HTML report of a run, one self-contained file.
 *
 * The report is made from the results' JSON, the document that --json writes, so that a run
 * and its saved results give the same report. The page holds that document, the charting
 * library (Vega, Vega-Lite and vega-embed from npm, embedded into the program at build time:
 * report_assets.h) and web/report.js with web/format.js, the modules that draw the charts in
 * the reader's browser, inlined as one script (tools/bundle_modules.py). Its
 * Content-Security-Policy forbids every network request: it opens offline, from a file or an
 * e-mail attachment, and cannot reach out.
 *
 * Before it is drawn, the JSON is checked (report_check.c): its size before it is parsed, so
 * that reading it takes no more memory than results can need, and, once parsed, the type of
 * every value the page reads, so that the page never draws what is not results.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/alloc.h"
#include "../util/diag.h"
#include "../util/text.h"
#include "dayafter.h"
#include "json_out.h"
#include "report_assets.h"
#include "report_check.h"

/* Vega compiles its expressions with the Function constructor: 'unsafe-eval'. Inline scripts
 * and styles are the page's own; nothing else may load. */
#define CSP                                                                                        \
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "    \
    "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"

/* Writes 'text' escaped for HTML text and attribute values. */
static void put_html(FILE *out, const char *text)
{
    for (const char *s = text; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

/* Writes 'value' as JSON that is safe inside a <script> element: no '<' at all (inside JSON
 * it can only be in a string, where \u003c says the same), so no "</script>" nor "<!--". */
static bool put_script_json(FILE *out, const json_t *value)
{
    char *text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                       JSON_REAL_PRECISION(JSON_OUT_DIGITS));
    if (!text)
        return false;
    for (const char *s = text; *s; s++) {
        if (*s == '<')
            fputs("\\u003c", out);
        else
            fputc(*s, out);
    }
    json_out_free_text(text);
    return true;
}

static void put_script(FILE *out, const char *text, size_t len)
{
    fputs("<script>", out);
    fwrite(text, 1, len, out);
    fputs("</script>\n", out);
}

/* The checks that tell dayafter's results (of run, or of analyze: they have a "method") from
 * other JSON; NULL when 'root' passes. */
static const char *not_results(const json_t *root)
{
    if (!json_is_object(root))
        return "not the results of dayafter run or analyze --json: the document is not an object";
    if (json_is_string(json_object_get(root, "method"))) {
        if (!json_is_string(json_object_get(root, "metric")))
            return "not the results of dayafter analyze --json: no \"metric\"";
        if (!json_is_array(json_object_get(root, "inputs")))
            return "not the results of dayafter analyze --json: no \"inputs\" list";
        return NULL;
    }
    if (!json_is_string(json_object_get(root, "dayafter")))
        return "not the results of dayafter run --json: no \"dayafter\" version";
    if (!json_is_array(json_object_get(root, "options")))
        return "not the results of dayafter run --json: no \"options\" list";
    if (!json_is_integer(json_object_get(root, "horizon_days")))
        return "not the results of dayafter run --json: no \"horizon_days\"";
    if (!json_is_array(json_object_get(root, "milestones")))
        return "not the results of dayafter run --json: no \"milestones\" list";
    return NULL;
}

/* Whether a line of 'text' starts with 'key'. */
static bool has_line_starting(const char *text, size_t len, const char *key)
{
    size_t klen = strlen(key);
    for (size_t i = 0; i + klen <= len; i++)
        if ((i == 0 || text[i - 1] == '\n') && memcmp(text + i, key, klen) == 0)
            return true;
    return false;
}

/* Whether the line at 'text' holds a comma before its end, and no JSON bracket: a CSV header. */
static bool csv_line(const char *text, size_t len)
{
    size_t end = 0;
    while (end < len && text[end] != '\n')
        end++;
    return memchr(text, ',', end) && !memchr(text, '{', end) && !memchr(text, '[', end);
}

/* The bytes of a UTF-8 byte-order mark at the start of 'json' (3), or 0. Some editors and
 * shells (PowerShell's redirection) put one before UTF-8 text; it is passed over, as RFC 8259
 * allows, and not counted as a column, as the scenarios' messages (libyaml) do not count it. */
static size_t bom_length(const char *json, size_t len)
{
    return len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/*
 * For results that are no JSON document at all (they start with neither '{' nor '['), what
 * they look like instead, into 'buf', and where they start into *at: a scenario (UTF-8 text,
 * without NULs, a line of which starts "dayafter:"), to be run first; a table of run --csv; or else
 * jansson's 'error'. NULL for a text that starts as JSON, whose syntax error is jansson's as it is.
 * Saved YAML or CSV given for JSON is a likelier mistake than broken JSON, and a parser's "'[' or
 * '{' expected near
 * '#'" does not say it.
 */
static const char *not_json(const char *json, size_t len, const char *name, const char *error,
                            char *buf, size_t cap, struct da_mark *at)
{
    size_t i = bom_length(json, len);
    struct da_mark first = {.line = 1, .column = 1};
    for (; i < len && json[i] && strchr(" \t\r\n", json[i]); i++) {
        first.column = json[i] == '\n' ? 1 : first.column + 1;
        first.line += json[i] == '\n';
    }
    if (i >= len || json[i] == '{' || json[i] == '[')
        return NULL;
    *at = first;
    /* A binary file (a program holds every string it prints) may have a line that starts
     * "dayafter:" too: only text is taken for a scenario. */
    if (has_line_starting(json, len, "dayafter:") && text_utf8_valid_text(json, len))
        snprintf(buf, cap,
                 "not the results of dayafter run --json: this looks like a scenario; run it "
                 "first, with dayafter run %s --report OUT.html",
                 name && name[0] != '<' ? name : "FILE");
    else if (csv_line(json + i, len - i))
        snprintf(buf, cap,
                 "not the results of dayafter run --json: this looks like a CSV table (of run "
                 "--csv); the report is made from the JSON of dayafter run --json");
    else
        snprintf(buf, cap,
                 "not the results of dayafter run or analyze --json, which are a JSON object: %s",
                 error);
    return buf;
}

/* The report's own facts: when it was made, and from what. */
static json_t *meta_json(const char *name)
{
    char date[32] = "";
    time_t now = time(NULL);
    struct tm utc;
    if (gmtime_r(&now, &utc))
        strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &utc);
    json_t *meta = json_object();
    if (meta) {
        json_object_set_new(meta, "generated", json_string(date));
        json_object_set_new(meta, "source", name ? json_string(name) : json_null());
    }
    return meta;
}

da_status da_report_write(const char *json, size_t len, const char *name, FILE *out,
                          da_diags *diags)
{
    if (!json || !out || !diags)
        return DA_ERR_USAGE;
    const char *file = name ? name : "<results>";
    if (!report_check_size(json, len, file, diags))
        return diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_INPUT;
    size_t bom = bom_length(json, len); /* which jansson refuses */
    json_error_t error;
    json_t *root = json_loadb(json + bom, len - bom, JSON_REJECT_DUPLICATES, &error);
    if (!root) {
        struct da_mark at = {.line = (uint32_t)(error.line > 0 ? error.line : 1),
                             .column = (uint32_t)(error.column > 0 ? error.column : 1)};
        char what[1024];
        const char *other = not_json(json, len, name, error.text, what, sizeof what, &at);
        diag_add(diags, file, other ? DA_DIAG_NOT_RESULTS : DA_DIAG_JSON_SYNTAX, NULL, at, "%s",
                 other ? other : error.text);
        diag_keep_text(diags, file, json, len);
        return diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_INPUT;
    }
    const char *problem = not_results(root);
    if (problem) {
        diag_add(diags, file, DA_DIAG_NOT_RESULTS, NULL, (struct da_mark){.line = 1, .column = 1},
                 "%s", problem);
        json_decref(root);
        return diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_INPUT;
    }
    bool analysis = json_is_string(json_object_get(root, "method"));
    if (!report_check_shape(root, analysis, json, len, file, diags)) {
        json_decref(root);
        return diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_INPUT;
    }
    const char *scenario = json_string_value(json_object_get(root, "scenario"));
    json_t *meta = meta_json(name);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP "\">\n", out);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", out);
    fputs("<meta name=\"generator\" content=\"dayafter ", out);
    put_html(out, da_version());
    fputs("\">\n<title>", out);
    put_html(out, scenario ? scenario : "dayafter results");
    fputs(" - dayafter report</title>\n<style>\n", out);
    fwrite(report_css, 1, report_css_len, out);
    fputs(
        "</style>\n</head>\n<body>\n<main id=\"report\">\n<noscript><p>This report draws its "
        "charts and tables with JavaScript, which this browser has turned off.</p></noscript>\n"
        "</main>\n<script id=\"dayafter-results\" type=\"application/json\">",
        out);
    bool ok = put_script_json(out, root);
    fputs("</script>\n<script id=\"dayafter-meta\" type=\"application/json\">", out);
    ok = ok && meta && put_script_json(out, meta);
    fputs("</script>\n", out);
    put_script(out, report_vega, report_vega_len);
    put_script(out, report_vega_lite, report_vega_lite_len);
    put_script(out, report_vega_embed, report_vega_embed_len);
    put_script(out, report_js, report_js_len);
    fputs("</body>\n</html>\n", out);
    json_decref(meta);
    json_decref(root);
    if (!ok)
        return DA_ERR_NOMEM;
    if (fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
