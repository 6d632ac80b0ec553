/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bind.c - the generic binder: a YAML mapping and a struct_spec make a struct (see bind.h).
 *
 * Every message starts with the path of the key it is about, written with the ids of the
 * items on the way ("options.pa_force.sources.recruits.cap"), or their index where an item
 * has no valid id ("humanitarian.crossings.1.trucks_per_day"). The same paths name the
 * parameters that sensitivity analysis varies.
 *
 * A value that fails its checks is left at a harmless placeholder (parameter 0, the constant
 * 0) so that binding goes on and every other problem is still found; the scenario is never
 * handed out while any diagnostic stands.
 */
#include "bind.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/date.h"
#include "../util/idtab.h"
#include "../util/text.h"
#include "effects.h"
#include "schema.h"
#include "value.h"

struct binder {
    struct da_scenario *scn;
    const char *file;
    da_diags *diags;
    bool nomem;
    /* The file's horizon_days and start_date when they are valid (horizon 0: not), read
     * before anything is bound, for the messages about the days of the run, which may come
     * before them in the file. */
    int64_t horizon;
    bool has_start;
    int64_t start;
};

static void bind_struct(struct binder *b, const struct struct_spec *spec, const struct ynode *map,
                        struct da_mark at, void *base, const char *path);

/* ---- small helpers -------------------------------------------------------------------- */

static void *at_offset(void *base, size_t off)
{
    return (char *)base + off;
}

static const char *join(struct binder *b, const char *path, const char *key)
{
    const char *p = path[0] ? arena_printf(&b->scn->arena, "%s.%s", path, key)
                            : arena_strdup(&b->scn->arena, key);
    if (!p) {
        b->nomem = true;
        return "?";
    }
    return p;
}

/* The path of 'key' in the mapping at 'path', for a diagnostic, in 'buf' (DIAG_PATH_MAX
 * bytes): a message about a long key that many aliases name allocates nothing. */
static const char *key_path(const char *path, const char *key, char *buf)
{
    return path[0] ? diag_path(buf, "%s.%s", path, key) : diag_path(buf, "%s", key);
}

static const char *describe(const struct ynode *node, char *buf, size_t cap)
{
    return ynode_describe(node, buf, cap);
}

/* "a, b or c" from a NULL-terminated word list. */
static void list_words(const char *const *words, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; words[i]; i++) {
        if (i)
            text_append(buf, cap, words[i + 1] ? ", " : " or ");
        text_append(buf, cap, words[i]);
    }
}

static size_t count_words(const char *const *words)
{
    size_t n = 0;
    while (words[n])
        n++;
    return n;
}

da_pid bind_add_param(struct da_scenario *scn, const struct da_dist *dist, const char *path,
                      struct da_mark at, bool is_default, bool *nomem)
{
    if (scn->n_params == scn->params_cap) {
        size_t cap = scn->params_cap ? scn->params_cap * 2 : 64;
        struct da_param *grown = da_reallocarray(scn->params, cap, sizeof *grown);
        if (!grown) {
            *nomem = true;
            return 0;
        }
        scn->params = grown;
        scn->params_cap = cap;
    }
    struct da_param *p = &scn->params[scn->n_params];
    p->dist = *dist;
    p->path = path;
    p->at = at;
    p->central = dist_central(dist);
    p->is_default = is_default;
    p->is_event = false;
    p->probability = 0;
    p->source = NULL;
    return (da_pid)scn->n_params++;
}

/* ---- scalars ----------------------------------------------------------------------------- */

/* Notes that the value at 'path' failed its checks (its problems are reported): it stays at
 * parameter 0, and its path in scn->failed. */
static void failed_value(struct binder *b, const char *path)
{
    struct da_scenario *scn = b->scn;
    if (scn->n_failed == scn->failed_cap) {
        size_t cap = scn->failed_cap ? scn->failed_cap * 2 : 16;
        const char **grown = da_reallocarray(scn->failed, cap, sizeof *grown);
        if (!grown) {
            b->nomem = true;
            return;
        }
        scn->failed = grown;
        scn->failed_cap = cap;
    }
    scn->failed[scn->n_failed++] = path;
}

static void bind_num(struct binder *b, const struct field_spec *f, const struct ynode *node,
                     da_pid *out, const char *path)
{
    struct da_range range = {f->lo, f->hi, f->lo_open, f->lo_cap, f->hi_cap};
    struct da_dist dist;
    bool number_only = f->flags & F_CONSTANT;
    *out = 0;
    if (node->kind == YNODE_SEQ) {
        char want[64];
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: expected a number %s%s, found a list", path,
                 range_describe(&range, want, sizeof want),
                 number_only ? "" : ", or a distribution");
        failed_value(b, path);
        return;
    }
    if (dist_read(node, b->file, path, &range, number_only, b->diags, &dist))
        *out = bind_add_param(b->scn, &dist, path, node->mark, false, &b->nomem);
    else
        failed_value(b, path);
}

/* An effect's value, in the range of the parameter that the effect's 'path' (a key of the same
 * mapping, 'map') names: a baseline's value is a share, a risk's a multiplier. While the path
 * names no parameter that can change, any finite value passes: the checks report the path,
 * and the value's own mistakes (a bad distribution) are still found here. */
static void bind_effect_value(struct binder *b, const struct field_spec *f,
                              const struct ynode *node, const struct ynode *map, da_pid *out,
                              const char *path)
{
    struct field_spec in_range = *f;
    const struct ynode *target = ynode_get(map, "path");
    struct effect_path read;
    in_range.type = FT_NUM;
    in_range.lo = -HUGE_VAL;
    in_range.hi = HUGE_VAL;
    if (target && target->kind == YNODE_SCALAR &&
        effect_read_path(target->text, &read) == EFFECT_PATH_TARGET) {
        in_range.lo = read.field->lo;
        in_range.hi = read.field->hi;
        in_range.lo_open = read.field->lo_open;
        in_range.lo_cap = read.field->lo_cap;
        in_range.hi_cap = read.field->hi_cap;
    }
    bind_num(b, &in_range, node, out, path);
}

/* For a date written where a day of the run goes, the day it is, as a hint to append: "; days
 * count from start_date 2023-10-02: 2024-07-16 is day 288"; 'no_start' when the file has no
 * valid start_date. False (and 'hint' empty) for anything but a date. */
static bool date_as_day(const struct binder *b, const struct ynode *node, const char *no_start,
                        char *hint, size_t cap)
{
    int64_t date;
    hint[0] = '\0';
    if (node->kind != YNODE_SCALAR || !date_parse(node->text, &date))
        return false;
    char start[16];
    if (!b->has_start)
        snprintf(hint, cap, "%s", no_start);
    else if (date < b->start)
        snprintf(hint, cap, "; days count from start_date %s, which %s is before",
                 date_format(b->start, start, sizeof start), node->text);
    else
        snprintf(hint, cap, "; days count from start_date %s: %s is day %" PRId64,
                 date_format(b->start, start, sizeof start), node->text, date - b->start);
    return true;
}

/* ---- observed values ------------------------------------------------------------------------ */

/* One number of an observation's value, 'node', from f->lo to f->hi; 'key' is "" for the value
 * itself, else "min: " or "max: " for an end of a range. 'day': the value is a day (a
 * milestone's), and a date written for it is told as the day it is. */
static bool observed_number(struct binder *b, const struct field_spec *f, const struct ynode *node,
                            const char *path, const char *key, bool day, double *out)
{
    struct da_range range = {f->lo, f->hi, false, false, false};
    char want[64], found[256], hint[160];
    range_describe(&range, want, sizeof want);
    switch (value_number(node, out)) {
    case VALUE_OK:
        if (*out >= f->lo && *out <= f->hi)
            return true;
        diag_add(b->diags, b->file, DA_DIAG_OUT_OF_RANGE, path, node->mark,
                 "%s: %sexpected a number %s, found %s", path, key, want, node->text);
        return false;
    case VALUE_NOT_FINITE:
        diag_add(b->diags, b->file, DA_DIAG_OUT_OF_RANGE, path, node->mark,
                 "%s: %sexpected a finite number %s, found %s", path, key, want,
                 describe(node, found, sizeof found));
        return false;
    default:
        describe(node, found, sizeof found);
        text_append(found, sizeof found, value_number_hint(node));
        if (day && date_as_day(b, node,
                               "; a milestone's value is the day it was reached, counted from "
                               "day 0: count the days, or give start_date to have them counted",
                               hint, sizeof hint))
            text_append(found, sizeof found, hint);
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: %sexpected a number %s%s, found %s", path, key, want,
                 key[0] ? "" : ", or a range {min, max}", found);
        return false;
    }
}

/* An observation's value: a number, or a range {min: A, max: B} with A <= B, whose middle
 * stands for it. Never a distribution: an observation is what was published, not an input to
 * draw, and a range says only that the figure lies somewhere in it ("20,000 to 26,000"). */
static void bind_observed_value(struct binder *b, const struct field_spec *f,
                                const struct ynode *map, const struct ynode *node,
                                struct da_observation *obs, const char *path)
{
    /* A milestone's value is the day it was reached (a series' is a quantity, and with both
     * keys the observation is refused for that). */
    bool day = ynode_get(map, "milestone") && !ynode_get(map, "series");
    if (node->kind != YNODE_MAP) {
        double v;
        if (observed_number(b, f, node, path, "", day, &v))
            obs->value = obs->min = obs->max = v;
        return;
    }
    if (ynode_get(node, "dist")) {
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: an observation is a number or a range {min, max}, not a distribution", path);
        return;
    }
    static const char *const ends[] = {"min", "max"};
    for (size_t i = 0; i + 1 < node->n; i += 2) {
        const struct ynode *key = node->items[i];
        if (key->kind != YNODE_SCALAR || strcmp(key->text, "min") == 0 ||
            strcmp(key->text, "max") == 0)
            continue; /* a key that is not a string: reported by the YAML layer */
        const char *near = text_closest(key->text, ends, 2);
        char at_key[DIAG_PATH_MAX];
        diag_add(b->diags, b->file, DA_DIAG_UNKNOWN_KEY, key_path(path, key->text, at_key),
                 key->mark, "%s: unknown key '%.*s' in a range (it takes min, max)%s%s%s", path,
                 DIAG_QUOTE_MAX, key->text, near ? "; did you mean '" : "", near ? near : "",
                 near ? "'?" : "");
    }
    const struct ynode *lo = ynode_get(node, "min"), *hi = ynode_get(node, "max");
    for (size_t i = 0; i < 2; i++)
        if (!(i ? hi : lo))
            diag_add(b->diags, b->file, DA_DIAG_MISSING_KEY, path, node->mark,
                     "%s: a range needs the key '%s'", path, ends[i]);
    double min = 0, max = 0;
    /* Both ends read, so that a mistake in each is reported. */
    bool lo_ok = lo && observed_number(b, f, lo, path, "min: ", day, &min);
    bool hi_ok = hi && observed_number(b, f, hi, path, "max: ", day, &max);
    if (!lo_ok || !hi_ok)
        return;
    if (min > max) {
        diag_add(b->diags, b->file, DA_DIAG_INVERTED_RANGE, path, hi->mark,
                 "%s: min (%g) is greater than max (%g)", path, min, max);
        return;
    }
    obs->min = min;
    obs->max = max;
    obs->value = min + (max - min) / 2; /* both at most SCHEMA_MAX_OBSERVED: no overflow */
    obs->is_range = true;
}

/* What was found where a whole number was expected: a number bare, anything else described. */
static const char *found_instead(const struct ynode *node, char *buf, size_t cap)
{
    double v;
    if (node->kind == YNODE_MAP)
        return "a distribution (this key takes a constant)";
    if (value_number(node, &v) == VALUE_OK) {
        snprintf(buf, cap, "%s", node->text);
        return buf;
    }
    ynode_describe(node, buf, cap);
    text_append(buf, cap, value_number_hint(node));
    return buf;
}

/* A number out of its key's range, or no number at all. */
static da_diag_code number_problem(const struct ynode *node)
{
    double v;
    return value_number(node, &v) == VALUE_OK ? DA_DIAG_OUT_OF_RANGE : DA_DIAG_WRONG_TYPE;
}

/* What a day of the run (F_DAY_OF_RUN) may be, as a message says it: "from 0 to 1094 (the
 * horizon's last day)", or the field's range while the horizon is not known. */
static const char *day_range(const struct binder *b, const struct field_spec *f, char *buf,
                             size_t cap)
{
    if (b->horizon > 0)
        snprintf(buf, cap, "from 0 to %" PRId64 " (the horizon's last day)", b->horizon - 1);
    else
        snprintf(buf, cap, "from %.0f to %.0f", f->lo, f->hi);
    return buf;
}

/* What was found where a day of the run goes, as found_instead() says it, and for a date the
 * day it is: "'2024-07-16'; days count from start_date 2023-10-02: 2024-07-16 is day 288". */
static const char *found_for_day(const struct binder *b, const struct ynode *node, char *buf,
                                 size_t cap)
{
    char hint[160];
    found_instead(node, buf, cap);
    if (date_as_day(b, node, "; a day is counted from day 0, not written as a date", hint,
                    sizeof hint))
        text_append(buf, cap, hint);
    return buf;
}

static void bind_int(struct binder *b, const struct field_spec *f, const struct ynode *node,
                     int64_t *out, const char *path)
{
    double v;
    if (value_number(node, &v) == VALUE_OK && v == floor(v) && v >= f->lo && v <= f->hi) {
        *out = (int64_t)v;
        return;
    }
    char found[192];
    if (f->flags & F_DAY_OF_RUN) {
        char range[64];
        diag_add(b->diags, b->file, number_problem(node), path, node->mark,
                 "%s: expected a whole number of days %s, found %s", path,
                 day_range(b, f, range, sizeof range), found_for_day(b, node, found, sizeof found));
    } else if (f->lo == f->hi && f->unit) { /* dayafter: 1 */
        diag_add(b->diags, b->file, number_problem(node), path, node->mark,
                 "%s: expected the %s %.0f, found %s", path, f->unit, f->lo,
                 found_instead(node, found, sizeof found));
    } else {
        diag_add(b->diags, b->file, number_problem(node), path, node->mark,
                 "%s: expected a whole number from %.0f to %.0f, found %s", path, f->lo, f->hi,
                 found_instead(node, found, sizeof found));
    }
}

/* A seed is any 64-bit value, written in digits only: a seed must be exact, and other number
 * forms (1e5, 1_000) are easy to misread or, past 2^53, round. */
static void bind_u64(struct binder *b, const struct ynode *node, uint64_t *out, const char *path)
{
    bool digits = node->kind == YNODE_SCALAR && node->plain && node->len > 0 && node->len <= 20;
    for (size_t i = 0; digits && i < node->len; i++)
        digits = node->text[i] >= '0' && node->text[i] <= '9';
    if (digits) {
        errno = 0;
        unsigned long long v = strtoull(node->text, NULL, 10);
        if (errno == 0 && v <= UINT64_MAX) {
            *out = (uint64_t)v;
            return;
        }
    }
    char found[96];
    double d;
    bool other_form = !digits && node->kind == YNODE_SCALAR && node->plain &&
                      value_number(node, &d) == VALUE_OK && d >= 0 && d == floor(d);
    diag_add(b->diags, b->file, number_problem(node), path, node->mark,
             "%s: expected a whole number from 0 to %" PRIu64 ", found %s%s", path, UINT64_MAX,
             found_instead(node, found, sizeof found),
             other_form ? "; write the seed in digits only" : "");
}

/* Whether the scalar 'node', where 'what' is expected, carries a YAML tag, after a message. A
 * tag changes what a text means (!!binary is base64), and scenarios use none, as numbers do
 * not (value_number()): a text, an id, a word or a date would be read as written, not as its
 * tag says, so it is refused, whatever the tag. */
static bool tagged(struct binder *b, const struct ynode *node, const char *path, const char *what)
{
    if (node->kind != YNODE_SCALAR || !node->tag)
        return false;
    char found[96];
    diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
             "%s: expected %s, found %s; scenarios use no YAML tags: write it without one", path,
             what, describe(node, found, sizeof found));
    return true;
}

static const char *bind_text(struct binder *b, const struct ynode *node, const char *path,
                             bool required, bool multiline)
{
    if (node->kind != YNODE_SCALAR || ynode_is_null(node)) {
        char found[64];
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: expected a string, found %s", path, describe(node, found, sizeof found));
        return NULL;
    }
    if (tagged(b, node, path, "a string"))
        return NULL;
    if (required && node->len == 0) {
        diag_add(b->diags, b->file, DA_DIAG_INVALID_TEXT, path, node->mark, "%s: must not be empty",
                 path);
        return NULL;
    }
    /* Where the text holds several, the first of them in the text is reported. */
    uint32_t at = node->control_at, c = node->control;
    if (!multiline && node->break_at && (!at || node->break_at < at)) {
        at = node->break_at;
        c = node->break_char;
    }
    if (at) {
        bool separator = c == 0x2028 || c == 0x2029;
        diag_add(b->diags, b->file, DA_DIAG_INVALID_TEXT, path, node->mark,
                 "%s: character %" PRIu32 " is the %s U+%04" PRIX32 ", which text must not hold%s",
                 path, at,
                 c == 0x2028 ? "line separator"
                 : separator ? "paragraph separator"
                             : "control character",
                 c, c == '\n' || c == '\r' || separator ? " (a name is one line)" : "");
        return NULL;
    }
    if (required && node->blank) {
        diag_add(b->diags, b->file, DA_DIAG_INVALID_TEXT, path, node->mark,
                 "%s: must not be blank (only spaces)", path);
        return NULL;
    }
    return node->text;
}

/* A country's text (F_COUNTRY) as bind_text() gave it, or NULL with a problem where it holds a
 * character that shows nothing at an end, or inside but for a space. */
static const char *bind_country(struct binder *b, const struct ynode *node, const char *path,
                                const char *text)
{
    if (!text)
        return NULL;
    /* At most 4 bytes a character: the count is needed only between the two bounds, and then
     * reads a few hundred bytes, however often an alias names the text. */
    size_t len = node->len, max = SCHEMA_COUNTRY_MAX_CHARS;
    if (len > 4 * max || (len > max && text_utf8_chars(text) > max)) {
        diag_add(b->diags, b->file, DA_DIAG_INVALID_TEXT, path, node->mark,
                 "%s: a country of more than %zu characters: write its code (such as EG) or "
                 "its name",
                 path, max);
        return NULL;
    }
    if (!node->hidden_at)
        return text;
    if (node->hidden == ' ') /* a plain space is flagged only at an end */
        diag_add(b->diags, b->file, DA_DIAG_INVALID_TEXT, path, node->mark,
                 "%s: the country %s with a space: write it without (countries are compared "
                 "as written, ignoring case)",
                 path, node->hidden_at == 1 ? "begins" : "ends");
    else
        diag_add(b->diags, b->file, DA_DIAG_INVALID_TEXT, path, node->mark,
                 "%s: character %" PRIu32 " is U+%04" PRIX32
                 ", which shows nothing: write the "
                 "country without it (countries are compared as written, ignoring case)",
                 path, node->hidden_at, node->hidden);
    return NULL;
}

static const char *bind_id(struct binder *b, const struct ynode *node, const char *path)
{
    char found[64];
    if (node->kind != YNODE_SCALAR || ynode_is_null(node)) {
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: expected an id, found %s", path, describe(node, found, sizeof found));
        return NULL;
    }
    if (tagged(b, node, path, "an id"))
        return NULL;
    if (!value_is_id(node->text)) {
        diag_add(b->diags, b->file, DA_DIAG_INVALID_ID, path, node->mark,
                 "%s: %s is not a valid id (expected an ASCII letter a-z or A-Z, then ASCII "
                 "letters, digits, '_' or '-', %d characters at most)",
                 path, describe(node, found, sizeof found), VALUE_ID_MAX);
        return NULL;
    }
    return node->text;
}

static int bind_enum(struct binder *b, const char *const *words, const struct ynode *node,
                     const char *path)
{
    char found[64], expected[160];
    list_words(words, expected, sizeof expected);
    if (tagged(b, node, path, expected))
        return -1;
    if (node->kind == YNODE_SCALAR)
        for (int i = 0; words[i]; i++)
            if (strcmp(words[i], node->text) == 0)
                return i;
    const char *near =
        node->kind == YNODE_SCALAR ? text_closest(node->text, words, count_words(words)) : NULL;
    diag_add(b->diags, b->file, DA_DIAG_UNKNOWN_VALUE, path, node->mark,
             "%s: expected %s, found %s%s%s%s", path, expected, describe(node, found, sizeof found),
             near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    return -1;
}

/* ---- lists of scalars -------------------------------------------------------------------- */

/* The scalar items of 'node' (a list, or one scalar standing for a list of one). Returns
 * false after a message when it is neither. */
static bool scalar_items(struct binder *b, struct ynode *const *slot, const char *path,
                         const char *what, struct ynode *const **items, size_t *n)
{
    static struct ynode *const none[1] = {NULL};
    const struct ynode *node = *slot;
    char found[64];
    if (node->kind == YNODE_SCALAR && !ynode_is_null(node)) {
        *items = slot; /* a single id stands for a list of one */
        *n = 1;
        return true;
    }
    if (node->kind != YNODE_SEQ) {
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: expected a list of %s, found %s", path, what,
                 describe(node, found, sizeof found));
        *items = none;
        *n = 0;
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < node->n; i++) {
        if (node->items[i]->kind != YNODE_SCALAR || ynode_is_null(node->items[i])) {
            diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->items[i]->mark,
                     "%s: expected a list of %s, found %s in it", path, what,
                     describe(node->items[i], found, sizeof found));
            ok = false;
        }
    }
    *items = node->items;
    *n = node->n;
    return ok;
}

/* Reports an item of a list that repeats an earlier one; returns true if it does. 'seen'
 * holds the items so far: a hash table, so that a long list stays linear, fed the hash each
 * node keeps, so that a long text aliased many times is not read again for each. */
static bool repeated(struct binder *b, struct idtab *seen, const struct ynode *item,
                     const char *path)
{
    uint32_t first;
    if (!idtab_add_hashed(seen, item->text, item->hash, 0, &first)) {
        b->nomem = true;
        return true;
    }
    if (first == UINT32_MAX)
        return false;
    diag_add(b->diags, b->file, DA_DIAG_DUPLICATE_ITEM, path, item->mark,
             "%s: '%.*s' is listed twice", path, DIAG_QUOTE_MAX, item->text);
    return true;
}

/* Binds one item of a list into 'to' (room for one element of the list's kind); false when
 * the item is refused, its problem reported. */
typedef bool (*item_binder)(struct binder *b, const struct field_spec *f, const struct ynode *item,
                            const char *path, void *to);

/* A list of scalars, each once, into an array of elements of 'size' bytes in the scenario's
 * arena: the items refused ('bind_item' reports them) and repeated are left out. 'what' names
 * the items in the message of a list that holds something else. */
static void bind_distinct(struct binder *b, const struct field_spec *f, struct ynode *const *slot,
                          struct anyarray *out, const char *path, const char *what, size_t size,
                          item_binder bind_item)
{
    struct ynode *const *items;
    size_t n;
    out->items = NULL;
    out->n = 0;
    if (!scalar_items(b, slot, path, what, &items, &n))
        return;
    if (n == 0 && (f->flags & F_NONEMPTY)) {
        diag_add(b->diags, b->file, DA_DIAG_LIST_LENGTH, path, (*slot)->mark,
                 "%s: the list is empty; leave the key out to mean %s", path,
                 f->dflt_text ? f->dflt_text : "none");
        return;
    }
    unsigned char *array = arena_array(&b->scn->arena, n, size);
    if (!array && n) {
        b->nomem = true;
        return;
    }
    size_t kept = 0;
    struct idtab seen;
    idtab_init(&seen);
    for (size_t i = 0; i < n; i++)
        if (!repeated(b, &seen, items[i], path) &&
            bind_item(b, f, items[i], path, array + kept * size))
            kept++;
    idtab_release(&seen);
    out->items = array;
    out->n = kept;
}

/* A reference by name, resolved later (scenario/check.c). */
static void ref_of(const struct ynode *item, const char *path, struct da_ref *ref)
{
    ref->name = item->text;
    ref->path = path;
    ref->at = item->mark;
    ref->index = UINT32_MAX;
}

static bool ref_to_id(struct binder *b, const struct field_spec *f, const struct ynode *item,
                      const char *path, void *to)
{
    (void)f;
    if (!bind_id(b, item, path))
        return false;
    ref_of(item, path, to);
    return true;
}

static bool ref_to_text(struct binder *b, const struct field_spec *f, const struct ynode *item,
                        const char *path, void *to)
{
    const char *text = bind_text(b, item, path, true, false);
    if (!text || (f->flags & F_COUNTRY && !bind_country(b, item, path, text)))
        return false;
    ref_of(item, path, to);
    return true;
}

static bool enum_word(struct binder *b, const struct field_spec *f, const struct ynode *item,
                      const char *path, void *to)
{
    int v = bind_enum(b, f->words, item, path);
    if (v < 0)
        return false;
    *(int *)to = v;
    return true;
}

/* ---- dates and days --------------------------------------------------------------------- */

static void bind_date(struct binder *b, const struct ynode *node, int64_t *out, const char *path)
{
    if (tagged(b, node, path, "a date"))
        return;
    if (node->kind == YNODE_SCALAR && date_parse(node->text, out))
        return;
    char found[64], why[64];
    /* Written as a date, it is one to fix, not a form to learn again. */
    if (node->kind == YNODE_SCALAR && date_fault(node->text, why, sizeof why) == DATE_NO_SUCH_DAY) {
        diag_add(b->diags, b->file, DA_DIAG_INVALID_DATE, path, node->mark,
                 "%s: no such date: '%s' (%s)", path, node->text, why);
        return;
    }
    diag_add(b->diags, b->file, DA_DIAG_INVALID_DATE, path, node->mark,
             "%s: expected a date as YYYY-MM-DD (ISO 8601) from %d to %d, found %s", path,
             DATE_MIN_YEAR, DATE_MAX_YEAR, describe(node, found, sizeof found));
}

/* A list of whole days from f->lo to f->hi, each once, at most SCHEMA_MAX_CHECK_DAYS. */
static void bind_days(struct binder *b, const struct field_spec *f, struct ynode *const *slot,
                      struct anyarray *out, const char *path)
{
    struct ynode *const *items;
    size_t n;
    out->items = NULL;
    out->n = 0;
    if (!scalar_items(b, slot, path, "days", &items, &n))
        return;
    if (n == 0 || n > SCHEMA_MAX_CHECK_DAYS) {
        diag_add(b->diags, b->file, DA_DIAG_LIST_LENGTH, path, (*slot)->mark,
                 "%s: expected from 1 to %d days, found %zu", path, SCHEMA_MAX_CHECK_DAYS, n);
        return;
    }
    struct da_day *days = arena_array(&b->scn->arena, n, sizeof *days);
    if (!days) {
        b->nomem = true;
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        double v;
        if (value_number(items[i], &v) != VALUE_OK || v != floor(v) || v < f->lo || v > f->hi) {
            char found[192], range[64];
            diag_add(b->diags, b->file, number_problem(items[i]), path, items[i]->mark,
                     "%s: expected a whole number of days %s, found %s", path,
                     day_range(b, f, range, sizeof range),
                     found_for_day(b, items[i], found, sizeof found));
            continue;
        }
        bool again = false;
        for (size_t j = 0; j < kept; j++)
            again = again || days[j].day == (int64_t)v;
        if (again) {
            diag_add(b->diags, b->file, DA_DIAG_DUPLICATE_ITEM, path, items[i]->mark,
                     "%s: day %.0f is listed twice", path, v);
            continue;
        }
        days[kept].day = (int64_t)v;
        days[kept].at = items[i]->mark;
        kept++;
    }
    out->items = days;
    out->n = kept;
}

/* ---- per-area values ------------------------------------------------------------------------ */

static void bind_area_map(struct binder *b, const struct field_spec *f, const struct ynode *node,
                          struct anyarray *out, const char *path)
{
    out->items = NULL;
    out->n = 0;
    if (node->kind != YNODE_MAP) {
        char found[64];
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: expected a mapping of area ids to numbers, found %s", path,
                 describe(node, found, sizeof found));
        return;
    }
    size_t pairs = node->n / 2;
    struct da_area_value *values = arena_array(&b->scn->arena, pairs, sizeof *values);
    if (!values && pairs) {
        b->nomem = true;
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < pairs; i++) {
        const struct ynode *key = node->items[2 * i], *val = node->items[2 * i + 1];
        if (key->kind != YNODE_SCALAR || !bind_id(b, key, path))
            continue;
        struct da_area_value *v = &values[kept++];
        v->area.name = key->text;
        v->area.path = path;
        v->area.at = key->mark;
        v->area.index = UINT32_MAX;
        bind_num(b, f, val, &v->value, join(b, path, key->text));
    }
    out->items = values;
    out->n = kept;
}

/* ---- lists of mappings ------------------------------------------------------------------------
 */

/* The path of a list item: its id when it has a valid one, else its index. */
static const char *item_path(struct binder *b, const struct struct_spec *spec,
                             const struct ynode *item, const char *path, size_t index)
{
    const struct ynode *id = spec->has_id ? ynode_get(item, "id") : NULL;
    if (id && id->kind == YNODE_SCALAR && value_is_id(id->text))
        return join(b, path, id->text);
    char num[32];
    snprintf(num, sizeof num, "%zu", index);
    return join(b, path, num);
}

static void bind_list(struct binder *b, const struct field_spec *f, const struct ynode *node,
                      struct anyarray *out, const char *path)
{
    char found[64];
    const struct struct_spec *spec = f->sub;
    out->items = NULL;
    out->n = 0;
    if (node->kind != YNODE_SEQ) {
        bool may_be_empty = !(f->flags & F_NONEMPTY);
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                 "%s: expected a list of %ss, found %s%s", path, spec->name,
                 describe(node, found, sizeof found),
                 ynode_is_null(node) && may_be_empty ? "; write [] for an empty list" : "");
        return;
    }
    if (node->n == 0 && (f->flags & F_NONEMPTY)) {
        diag_add(b->diags, b->file, DA_DIAG_LIST_LENGTH, path, node->mark,
                 "%s: expected at least one %s, found an empty list", path, spec->name);
        return;
    }
    if (spec->max_items && node->n > spec->max_items) {
        /* Bound all the same (the loader's work is linear in the file, which is bounded), so
         * that references to the items do not raise problems of their own. */
        diag_add(b->diags, b->file, DA_DIAG_LIST_LENGTH, path, node->mark,
                 "%s: expected at most %zu %ss, found %zu", path, spec->max_items, spec->name,
                 node->n);
    }
    char *items = arena_array(&b->scn->arena, node->n, spec->size);
    if (!items && node->n) {
        b->nomem = true;
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < node->n; i++) {
        const struct ynode *item = node->items[i];
        if (item->kind != YNODE_MAP) {
            diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, item->mark,
                     "%s: expected each item to be %s %s (a mapping), found %s", path,
                     text_article(spec->name), spec->name, describe(item, found, sizeof found));
            continue;
        }
        bind_struct(b, spec, item, item->mark, items + kept * spec->size,
                    item_path(b, spec, item, path, i));
        kept++;
    }
    out->items = items;
    out->n = kept;
}

/* ---- one key ----------------------------------------------------------------------------------
 */

/* Binds the value in 'slot' of the key 'f' of the mapping 'map' into 'base'. */
static void bind_field(struct binder *b, const struct field_spec *f, const struct ynode *map,
                       struct ynode *const *slot, void *base, const char *path)
{
    const struct ynode *node = *slot;
    void *dst = at_offset(base, f->off);
    char found[64];
    switch (f->type) {
    case FT_NUM:
        bind_num(b, f, node, dst, path);
        break;
    case FT_INT:
        bind_int(b, f, node, dst, path);
        break;
    case FT_U64:
        bind_u64(b, node, dst, path);
        break;
    case FT_STR:
        *(const char **)dst = bind_text(b, node, path, f->flags & F_REQUIRED || f->kinds,
                                        strcmp(f->key, "description") == 0);
        if (f->flags & F_COUNTRY)
            *(const char **)dst = bind_country(b, node, path, *(const char **)dst);
        break;
    case FT_ID:
        *(const char **)dst = bind_id(b, node, path);
        break;
    case FT_BOOL:
        if (!value_bool(node, dst))
            diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                     "%s: expected true or false, found %s", path,
                     describe(node, found, sizeof found));
        break;
    case FT_ENUM: {
        int v = bind_enum(b, f->words, node, path);
        *(int *)dst = v < 0 ? 0 : v;
        break;
    }
    case FT_ENUMS:
        bind_distinct(b, f, slot, dst, path, "names", sizeof(int), enum_word);
        break;
    case FT_STRS:
        bind_distinct(b, f, slot, dst, path, "strings", sizeof(struct da_ref), ref_to_text);
        break;
    case FT_REF: {
        struct da_ref *ref = dst;
        ref->index = UINT32_MAX;
        ref->name = bind_id(b, node, path);
        ref->path = path;
        ref->at = node->mark;
        break;
    }
    case FT_REFS:
        bind_distinct(b, f, slot, dst, path, "ids", sizeof(struct da_ref), ref_to_id);
        break;
    case FT_AREAMAP:
        bind_area_map(b, f, node, dst, path);
        break;
    case FT_MAP:
        if (node->kind != YNODE_MAP) {
            /* Left zeroed: parameter 0 everywhere, and no whole-scenario check runs on it. */
            diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, path, node->mark,
                     "%s: expected a mapping, found %s", path, describe(node, found, sizeof found));
        } else {
            bind_struct(b, f->sub, node, node->mark, dst, path);
        }
        break;
    case FT_LIST:
        bind_list(b, f, node, dst, path);
        break;
    case FT_DATE:
        bind_date(b, node, dst, path);
        break;
    case FT_DAYS:
        bind_days(b, f, slot, dst, path);
        break;
    case FT_EFFECT:
        bind_effect_value(b, f, node, map, dst, path);
        break;
    case FT_OBSERVED:
        bind_observed_value(b, f, map, node, base, path);
        break;
    }
    if (f->flags & F_HAS_FLAG)
        *(bool *)at_offset(base, f->aux_off) = true;
    if (f->flags & F_KEEP_MARK)
        *(struct da_mark *)at_offset(base, f->aux_off) = node->mark;
}

/* The value a key that was left out takes. */
static void bind_default(struct binder *b, const struct field_spec *f, struct da_mark at,
                         void *base, const char *path)
{
    void *dst = at_offset(base, f->off);
    if (f->flags & F_NO_DEFAULT)
        return; /* parameter 0, or a zeroed mapping: its flag says it was left out */
    switch (f->type) {
    case FT_NUM: {
        struct da_dist d = dist_fixed(f->dflt);
        *(da_pid *)dst = bind_add_param(b->scn, &d, join(b, path, f->key), at, true, &b->nomem);
        break;
    }
    case FT_INT:
        *(int64_t *)dst = (int64_t)f->dflt;
        break;
    case FT_U64:
        *(uint64_t *)dst = (uint64_t)f->dflt;
        break;
    case FT_BOOL:
        *(bool *)dst = f->dflt != 0;
        break;
    case FT_ENUM:
        *(int *)dst = (int)f->dflt;
        break;
    case FT_REF:
        ((struct da_ref *)dst)->index = UINT32_MAX;
        break;
    case FT_MAP:
        bind_struct(b, f->sub, NULL, at, dst, join(b, path, f->key));
        break;
    default: /* strings NULL, lists empty: the struct is zeroed */
        break;
    }
}

/* ---- one mapping ------------------------------------------------------------------------------
 */

static bool applies(const struct field_spec *f, int kind)
{
    return f->kinds == 0 || kind < 0 || (f->kinds & (1u << kind));
}

static bool required(const struct field_spec *f, int kind)
{
    if (f->flags & F_REQUIRED)
        return true;
    return kind >= 0 && (f->required_kinds & (1u << kind));
}

static const struct field_spec *find_field(const struct struct_spec *spec, const char *key)
{
    for (size_t i = 0; i < spec->n_fields; i++)
        if (strcmp(spec->fields[i].key, key) == 0)
            return &spec->fields[i];
    return NULL;
}

/* "pool and recruitment" from a kind mask. */
static void kinds_text(const struct struct_spec *spec, unsigned mask, char *buf, size_t cap)
{
    buf[0] = '\0';
    size_t n = count_words(spec->kind_words), shown = 0, total = 0;
    for (size_t k = 0; k < n; k++)
        total += (mask >> k) & 1u;
    for (size_t k = 0; k < n; k++) {
        if (!(mask & (1u << k)))
            continue;
        if (shown)
            text_append(buf, cap, shown + 1 == total ? " and " : ", ");
        text_append(buf, cap, spec->kind_words[k]);
        shown++;
    }
}

/* Reports an unknown key; returns the field it suggests instead, or NULL. */
static const struct field_spec *unknown_key(struct binder *b, const struct struct_spec *spec,
                                            const struct ynode *key, int kind, const char *path)
{
    const char *cands[64];
    size_t n = 0;
    for (size_t i = 0; i < spec->n_fields && n < 64; i++)
        if (applies(&spec->fields[i], kind))
            cands[n++] = spec->fields[i].key;
    const char *near = text_closest(key->text, cands, n);
    const char *where = path[0] ? path : "the top level";
    char at_key[DIAG_PATH_MAX];
    if (near) {
        diag_add(b->diags, b->file, DA_DIAG_UNKNOWN_KEY, key_path(path, key->text, at_key),
                 key->mark, "%s: unknown key '%s'; did you mean '%s'?", where, key->text, near);
        return find_field(spec, near);
    }
    /* Past the list's cap only the count is kept: a thousand unknown keys do not each spell
     * out the known ones. */
    char keys[512] = "";
    for (size_t i = 0; i < n && !diag_full(b->diags); i++) {
        if (i)
            text_append(keys, sizeof keys, ", ");
        text_append(keys, sizeof keys, cands[i]);
    }
    diag_add(b->diags, b->file, DA_DIAG_UNKNOWN_KEY, key_path(path, key->text, at_key), key->mark,
             "%s: unknown key '%.*s' (expected one of: %s)", where, DIAG_QUOTE_MAX, key->text,
             keys);
    return NULL;
}

/* A key 'date' where the mapping takes a 'day' (an observation's): said as the day it means,
 * "did you mean 'day'? ... 2024-04-30 is day 120", rather than as a key unknown and a day
 * missing. Returns the field it stands for, as unknown_key() does, or NULL (nothing said). */
static const struct field_spec *date_for_day(struct binder *b, const struct struct_spec *spec,
                                             const struct ynode *key, const struct ynode *value,
                                             int kind, const char *path)
{
    const struct field_spec *day = find_field(spec, "day");
    if (strcmp(key->text, "date") != 0 || !day || !applies(day, kind))
        return NULL;
    char found[256], at_key[DIAG_PATH_MAX];
    found_for_day(b, value, found, sizeof found);
    diag_add(b->diags, b->file, DA_DIAG_UNKNOWN_KEY, key_path(path, key->text, at_key), key->mark,
             "%s: unknown key 'date'; did you mean 'day'? It takes a whole number of days, not "
             "a date: found %s",
             path[0] ? path : "the top level", found);
    return day;
}

static int read_kind(const struct struct_spec *spec, const struct ynode *map)
{
    if (!spec->kind_key || !map)
        return -1;
    const struct ynode *k = ynode_get(map, spec->kind_key);
    if (!k || k->kind != YNODE_SCALAR)
        return -1;
    for (int i = 0; spec->kind_words[i]; i++)
        if (strcmp(spec->kind_words[i], k->text) == 0)
            return i;
    return -1;
}

static void bind_struct(struct binder *b, const struct struct_spec *spec, const struct ynode *map,
                        struct da_mark at, void *base, const char *path)
{
    if (spec->mark_off != SIZE_MAX)
        *(struct da_mark *)at_offset(base, spec->mark_off) = at;
    int kind = read_kind(spec, map);
    uint64_t seen = 0;      /* bit i: field i was given */
    uint64_t suggested = 0; /* bit i: an unknown key was probably field i, misspelt */
    for (size_t i = 0; map && i + 1 < map->n; i += 2) {
        const struct ynode *key = map->items[i];
        if (key->kind != YNODE_SCALAR)
            continue; /* reported by the YAML layer */
        const struct field_spec *f = find_field(spec, key->text);
        if (!f) {
            const struct field_spec *near =
                date_for_day(b, spec, key, map->items[i + 1], kind, path);
            if (!near)
                near = unknown_key(b, spec, key, kind, path);
            if (near)
                suggested |= 1ull << (size_t)(near - spec->fields);
            continue;
        }
        size_t index = (size_t)(f - spec->fields);
        if (seen & (1ull << index))
            continue; /* a duplicate key, reported by the YAML layer */
        seen |= 1ull << index;
        if (!applies(f, kind)) {
            char kinds[96], at_key[DIAG_PATH_MAX];
            kinds_text(spec, f->kinds, kinds, sizeof kinds);
            diag_add(b->diags, b->file, DA_DIAG_KEY_NOT_APPLICABLE,
                     key_path(path, key->text, at_key), key->mark,
                     "%s: key '%s' does not apply to a %s %s (only to %s %ss)", path, key->text,
                     spec->kind_words[kind], spec->name, kinds, spec->name);
            continue;
        }
        bind_field(b, f, map, &map->items[i + 1], base, join(b, path, key->text));
    }
    for (size_t i = 0; i < spec->n_fields; i++) {
        const struct field_spec *f = &spec->fields[i];
        if (seen & (1ull << i))
            continue;
        if (suggested & (1ull << i)) {
            /* "did you mean" has said it: one mistake, one message. The key's value (and
             * whatever inputs it holds) is as wrong as one that failed its checks: a
             * correlation that names it says nothing more. */
            failed_value(b, join(b, path, f->key));
        } else if (required(f, kind) && map) {
            const char *where = path[0] ? path : "the top level";
            char at_key[DIAG_PATH_MAX];
            diag_add(b->diags, b->file, DA_DIAG_MISSING_KEY, key_path(path, f->key, at_key), at,
                     "%s: missing required key '%s'%s%s", where, f->key,
                     f->why_required ? "; " : "", f->why_required ? f->why_required : "");
            failed_value(b, join(b, path, f->key)); /* the same: reported once, here */
        } else if (applies(f, kind)) {
            bind_default(b, f, at, base, path);
        }
    }
}

/* The horizon and the start date of the file at 'root', when they are valid (their own
 * messages come when they are bound), into b. */
static void read_calendar(struct binder *b, const struct ynode *root)
{
    const struct field_spec *f = find_field(&schema_scenario, "horizon_days");
    const struct ynode *horizon = ynode_get(root, "horizon_days");
    const struct ynode *start = ynode_get(root, "start_date");
    double v;
    if (horizon && value_number(horizon, &v) == VALUE_OK && v == floor(v) && v >= f->lo &&
        v <= f->hi)
        b->horizon = (int64_t)v;
    b->has_start = start && start->kind == YNODE_SCALAR && date_parse(start->text, &b->start);
}

bool bind_scenario(struct da_scenario *scn, const struct ynode *root, da_diags *diags)
{
    struct binder b = {scn, scn->file, diags, false, 0, false, 0};
    struct da_dist zero = dist_fixed(0);
    struct da_mark start = {.line = 1, .column = 1};
    bind_add_param(scn, &zero, "(none)", start, true, &b.nomem); /* parameter 0 */
    if (root->kind != YNODE_MAP) {
        char found[64];
        diag_add(diags, scn->file, DA_DIAG_WRONG_TYPE, NULL, root->mark,
                 "expected a mapping at the top level (dayafter: 1, name: ...), found %s",
                 ynode_describe(root, found, sizeof found));
        return !b.nomem;
    }
    read_calendar(&b, root);
    bind_struct(&b, &schema_scenario, root, root->mark, scn, "");
    return !b.nomem;
}
