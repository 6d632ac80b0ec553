/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * effects.c - what a milestone's effect may change, read from its path (see effects.h).
 *
 * An effect names a parameter as the scenario's paths do: "areas.north.risk", "areas.0.risk"
 * (an area by its position), "areas.*.risk" (every area), "security.shock". Only parameters
 * that the model reads day by day can change in time; the others are read once, at the start
 * of a replication (a population, a delay), where a change would mean nothing. Those are told
 * apart from paths that name nothing at all, for the message: "cannot change in time" is the
 * better answer to a path that is right but not allowed.
 *
 * A path is read against the format's tables alone, so that the binder can give an effect's
 * value the range of the parameter it replaces, whichever of the file's sections come first;
 * the area it names is resolved later with the other references (check.c). The ranges are
 * those of the target keys' own fields (schema.c), never written twice.
 */
#include "effects.h"

#include <stdio.h>
#include <string.h>

#include "../util/text.h"
#include "scenario.h"

/* The parameters effects may change: a key of each area, or of a top-level mapping. */
static const struct {
    const char *section;
    const char *key;
} targets[N_EFFECT_TARGETS] = {
    [EFFECT_SECURITY_BASELINE] = {"areas", "security_baseline"},
    [EFFECT_RISK] = {"areas", "risk"},
    [EFFECT_WATER_CAPACITY] = {"areas", "water_capacity_m3_day"},
    [EFFECT_HOSPITAL_BEDS] = {"areas", "hospital_beds"},
    [EFFECT_SHOCK] = {"security", "shock"},
    [EFFECT_SPOILER_RATE] = {"security", "spoiler_incidents_per_100k_day"},
    [EFFECT_ACCESS_FLOOR] = {"humanitarian", "access_floor"},
    [EFFECT_RETURNS_RATE] = {"returns", "rate_per_day"},
    [EFFECT_RETURNS_MIN_SECURITY] = {"returns", "min_security"},
    [EFFECT_RECONSTRUCTION_MIN_SECURITY] = {"reconstruction", "min_security"},
};

bool effect_per_area(int target)
{
    return target >= 0 && target < EFFECT_FIRST_SCALAR;
}

/* Whether the 'len' bytes at 's' are 'word'. */
static bool same(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && strncmp(s, word, len) == 0;
}

static const struct field_spec *target_field(int target)
{
    const char *section = targets[target].section, *key = targets[target].key;
    const struct field_spec *f = schema_field(&schema_scenario, section, strlen(section));
    return f && f->sub ? schema_field(f->sub, key, strlen(key)) : NULL;
}

/* Whether 'path' names a number of the format (a key that takes a number, down the tables,
 * with an item of each list on the way): one that effects cannot change, when it is no
 * target. */
static bool names_a_number(const char *path)
{
    const struct struct_spec *spec = &schema_scenario;
    const char *p = path;
    for (;;) {
        size_t len = strcspn(p, ".");
        const struct field_spec *f = schema_field(spec, p, len);
        if (!f)
            return false;
        p += len;
        bool last = *p == '\0';
        p += !last; /* past the '.' */
        switch (f->type) {
        case FT_NUM:
        case FT_INT:
        case FT_U64:
        case FT_EFFECT:
            return last;
        case FT_AREAMAP: /* one area's number: the last part names the area */
            return !last && *p && !strchr(p, '.');
        case FT_MAP:
            if (last)
                return false;
            spec = f->sub;
            break;
        case FT_LIST: {
            size_t item = strcspn(p, ".");
            if (last || item == 0 || p[item] != '.')
                return false; /* the list, or one of its items: no number */
            p += item + 1;
            spec = f->sub;
            break;
        }
        default:
            return false; /* text, ids, words: no number */
        }
    }
}

enum effect_path_kind effect_read_path(const char *path, struct effect_path *out)
{
    memset(out, 0, sizeof *out);
    out->target = -1;
    out->kind = EFFECT_PATH_NONE;
    if (strnlen(path, EFFECT_PATH_MAX + 1) > EFFECT_PATH_MAX)
        return out->kind;
    size_t first = strcspn(path, ".");
    const char *rest = path[first] ? path + first + 1 : NULL;
    const char *item = NULL;
    size_t item_len = 0;
    if (rest && same(path, first, "areas")) {
        item = rest;
        item_len = strcspn(rest, ".");
        rest = item_len && rest[item_len] ? rest + item_len + 1 : NULL;
    }
    for (int t = 0; rest && t < N_EFFECT_TARGETS; t++) {
        if (same(path, first, targets[t].section) && strcmp(rest, targets[t].key) == 0) {
            out->kind = EFFECT_PATH_TARGET;
            out->target = t;
            out->field = target_field(t);
            out->item = effect_per_area(t) ? item : NULL;
            out->item_len = effect_per_area(t) ? item_len : 0;
            return out->kind;
        }
    }
    out->kind = names_a_number(path) ? EFFECT_PATH_FIXED : EFFECT_PATH_NONE;
    return out->kind;
}

/* Whether 'path' names a parameter that effects may change. */
static bool reads_as_target(const char *path)
{
    struct effect_path read;
    return effect_read_path(path, &read) == EFFECT_PATH_TARGET;
}

const char *effect_suggest(const char *path, char *buf, size_t cap)
{
    /* The targets, an area's with the area of 'path' when it names one: a misspelt key is
     * then one or two edits from its target. A candidate that would itself be refused is
     * none: 'areas..risk' makes 'areas..risk' again, its area still missing. A path too long
     * for "did you mean" gets none, and is not read further. */
    char written[N_EFFECT_TARGETS][TEXT_MAX_WORD + 1];
    const char *candidates[N_EFFECT_TARGETS];
    if (strnlen(path, TEXT_MAX_WORD + 1) > TEXT_MAX_WORD)
        return NULL;
    size_t n = 0, first = strcspn(path, ".");
    const char *item = NULL;
    int item_len = 0;
    if (path[first] && same(path, first, "areas")) {
        item = path + first + 1;
        item_len = (int)strcspn(item, ".");
    }
    for (int t = 0; t < N_EFFECT_TARGETS; t++) {
        if (effect_per_area(t) && !item)
            continue;
        int w = effect_per_area(t) ? snprintf(written[n], sizeof written[n], "areas.%.*s.%s",
                                              item_len, item, targets[t].key)
                                   : snprintf(written[n], sizeof written[n], "%s.%s",
                                              targets[t].section, targets[t].key);
        if (w > 0 && (size_t)w < sizeof written[n] && reads_as_target(written[n])) {
            candidates[n] = written[n];
            n++;
        }
    }
    const char *near = text_closest(path, candidates, n);
    if (!near)
        return NULL;
    snprintf(buf, cap, "%s", near);
    return buf;
}

const char *effect_targets_text(char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int t = 0; t < N_EFFECT_TARGETS; t++) {
        if (t)
            text_append(buf, cap, t + 1 < N_EFFECT_TARGETS ? ", " : " or ");
        text_append(buf, cap, effect_per_area(t) ? "areas.ID" : targets[t].section);
        text_append(buf, cap, ".");
        text_append(buf, cap, targets[t].key);
    }
    return buf;
}
