/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * effects.h - what a milestone's effect may change, read from the path that names it
 * (docs/model.md section 9.1; docs/scenario.md, "milestones").
 */
#ifndef DA_SCENARIO_EFFECTS_H
#define DA_SCENARIO_EFFECTS_H

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"

enum effect_path_kind {
    EFFECT_PATH_TARGET, /* a parameter an effect may change */
    EFFECT_PATH_FIXED,  /* a number of the format that does not change in time */
    EFFECT_PATH_NONE    /* no number of the format */
};

/* The longest path an effect reads: no parameter's is longer (ids have 64 characters at most),
 * and a longer text, which may be a long scalar repeated by many aliases, is not read past it. */
#define EFFECT_PATH_MAX 512

/* A path as an effect reads it. */
struct effect_path {
    enum effect_path_kind kind;
    int target;                     /* TARGET: enum da_effect_target */
    const struct field_spec *field; /* TARGET: the key it changes, whose range its value has */
    const char *item;               /* TARGET of an area: the area as written, '*', an id or */
    size_t item_len;                /*   an index, in the path (not NUL-terminated) */
};

/* Reads 'path' against the format's tables alone (whether the area it names exists is the
 * checks' to say); returns out->kind. */
enum effect_path_kind effect_read_path(const char *path, struct effect_path *out);

/* Whether the target 'target' (enum da_effect_target) is a parameter of each area. */
bool effect_per_area(int target);

/* The path of a target close to 'path' (which named none), as "did you mean" offers it,
 * written into 'buf'; NULL when none is close. It names a target, never 'path' itself; the
 * area it names, taken from 'path', is the caller's to find among the scenario's. */
const char *effect_suggest(const char *path, char *buf, size_t cap);

/* The paths that effects may change, as words for messages: "areas.ID.security_baseline,
 * ..., or reconstruction.min_security". */
const char *effect_targets_text(char *buf, size_t cap);

#endif /* DA_SCENARIO_EFFECTS_H */
