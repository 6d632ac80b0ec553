/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ynode.h - a YAML document as a tree of nodes that remember where they stand in the file.
 *
 * libyaml delivers events; the validator wants a tree it can look keys up in, and every node's
 * line and column for its messages. ynode_parse() builds that tree in an arena and reports
 * every problem of the YAML layer itself: syntax errors, tabs in indentation, duplicate keys,
 * keys that are not strings, several documents, nesting or alias expansion beyond the limits.
 */
#ifndef DA_SCENARIO_YNODE_H
#define DA_SCENARIO_YNODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/diag.h"

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
    enum ynode_kind kind;
    struct da_mark mark;
    /* Scalars: the text, NUL-terminated, and whether it was written plain (unquoted, no
     * explicit tag): only plain scalars can be numbers, booleans or null. */
    const char *text;
    size_t len;
    bool plain;
    /* Scalars: the explicit tag as written ("!!float"), for messages; NULL without one. */
    const char *tag;
    /* Scalars: idtab_hash() of the text, computed once, so that a text named by many aliases
     * is read once however often it is looked up. */
    uint64_t hash;
    /* Scalars: the first character that text must not hold (ynode_forbidden()), by its
     * 1-based index among the characters and its code point (index 0: none); the first line
     * break likewise; and whether the text is only spaces, tabs and other characters that show
     * nothing (text_invisible()). Found once, when read,
     * for the same reason as the hash. */
    uint32_t control_at, control;
    uint32_t break_at;
    uint32_t break_char; /* '\n', '\r', or the line or paragraph separator U+2028, U+2029 */
    bool blank;
    /* Scalars: the first character that shows nothing (text_invisible()) at either end of the
     * text, or inside it but for a plain space, likewise (what a text compared with others,
     * a country, must not hold) */
    uint32_t hidden_at, hidden;
    /* Sequences: n items. Mappings: n pairs, keys in items[2i], values in items[2i + 1]. */
    struct ynode **items;
    size_t n;
    /* Nodes in this subtree, aliases expanded: bounds the work of walking it. */
    size_t weight;
    /* Bytes of the scalars' text in this subtree, aliases expanded: bounds what the texts
     * read from it can add up to (the names and notes a run writes out). */
    size_t text_bytes;
};

/* Limits on a document. */
#define YNODE_MAX_DEPTH  64
#define YNODE_MAX_WEIGHT 1000000u
/* As much text as a file of the largest size could hold written out, so that only aliases can
 * reach it: one anchor of a megabyte named many times made a run's output hundreds of times the
 * size of its file. */
#define YNODE_MAX_TEXT_BYTES DA_SCENARIO_MAX_BYTES

/*
 * Parses the 'len' bytes at 'text' (named 'file' in messages) into a tree allocated in 'arena'.
 * Returns the root, or NULL with at least one problem added to 'diags' (or, when memory ran
 * out, with diag_nomem() or *nomem set). An empty document gives NULL and a diagnostic.
 */
struct ynode *ynode_parse(struct arena *arena, const char *file, const char *text, size_t len,
                          da_diags *diags, bool *nomem);

/* True for a character that text must not hold because terminals and pages act on it
 * instead of showing it: a control character (but a tab, and line breaks, which ynode
 * records apart), and the bidirectional controls that make text read otherwise than it is
 * stored. Escapes in double-quoted YAML ("\e", "\u202E") can bring them in. */
bool ynode_forbidden(uint32_t code_point);

/* The value of 'key' in the mapping 'map', or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);

/* True for a plain scalar that YAML reads as null: empty, "~", "null", "Null" or "NULL". */
bool ynode_is_null(const struct ynode *node);

/* What a node is, for messages: "a list", "a mapping", "nothing (null)", or the quoted text,
 * with its tag when it has one ("'400000' tagged !!float"). */
const char *ynode_describe(const struct ynode *node, char *buf, size_t cap);

#endif /* DA_SCENARIO_YNODE_H */
