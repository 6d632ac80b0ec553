/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ynode.c - builds a position-carrying tree from libyaml's event stream (see ynode.h).
 *
 * The builder is iterative, with an explicit stack bounded by YNODE_MAX_DEPTH, so a deeply
 * nested file cannot overflow the C stack. An alias is a node of its own, where it is written,
 * that shares its anchor's text and items rather than copying them: a problem with the value it
 * repeats is reported at the alias, not at the anchor. Each node's 'weight' counts its subtree
 * with aliases expanded, which bounds the work of any later walk (a "billion laughs" file is
 * refused here, not in the validator), and its 'text_bytes' the text that an alias repeats.
 * The document is counted as its nodes are made and its aliases met, and refused the moment it
 * passes YNODE_MAX_WEIGHT or YNODE_MAX_TEXT_BYTES: a long flow list is stopped at the limit,
 * before it has taken the memory of its millions of items, and a long text before its aliases
 * have repeated it.
 *
 * libyaml stops at its first syntax error. Tabs in indentation are the commonest cause of one
 * and libyaml's wording ("found character that cannot start any token") does not say so, so a
 * pre-scan finds them and, when the parse fails, they are reported in plain words instead.
 */
#include "ynode.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "../util/alloc.h"
#include "../util/idtab.h"
#include "../util/text.h"

/* ---- growable pointer vectors for the children of open nodes ------------------------- */

struct ptrvec {
    struct ynode **v;
    size_t n, cap;
};

static bool ptrvec_push(struct ptrvec *pv, struct ynode *node)
{
    if (pv->n == pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 8;
        struct ynode **grown = da_reallocarray(pv->v, cap, sizeof *grown);
        if (!grown)
            return false;
        pv->v = grown;
        pv->cap = cap;
    }
    pv->v[pv->n++] = node;
    return true;
}

/* ---- anchors: a small open-addressing hash table ------------------------------------- */

struct anchor {
    const char *name;
    struct ynode *node;
};

struct anchors {
    struct anchor *slots;
    size_t cap, n;
};

static struct anchor *anchor_slot(struct anchor *slots, size_t cap, const char *name)
{
    /* idtab's keyed hash: anchors are the file's names too, and one it could aim at a single
     * slot would make every alias walk all the anchors. */
    size_t i = (size_t)idtab_hash(name) & (cap - 1);
    while (slots[i].name && strcmp(slots[i].name, name) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool anchors_put(struct anchors *t, const char *name, struct ynode *node)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        struct anchor *slots = da_calloc(cap, sizeof *slots);
        if (!slots)
            return false;
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].name)
                *anchor_slot(slots, cap, t->slots[i].name) = t->slots[i];
        da_free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    struct anchor *slot = anchor_slot(t->slots, t->cap, name);
    if (!slot->name)
        t->n++;
    slot->name = name; /* a redefined anchor refers to its latest node, as YAML says */
    slot->node = node;
    return true;
}

static struct ynode *anchors_get(const struct anchors *t, const char *name)
{
    if (!t->cap)
        return NULL;
    return anchor_slot(t->slots, t->cap, name)->node;
}

/* ---- the builder ---------------------------------------------------------------------- */

struct frame {
    struct ynode *node;
    const char *anchor;
    struct ptrvec children;
};

struct builder {
    struct arena *arena;
    const char *file;
    da_diags *diags;
    struct frame stack[YNODE_MAX_DEPTH + 1];
    size_t depth;
    struct anchors anchors;
    struct ynode *root;
    size_t nodes;      /* in the document so far, aliases expanded */
    size_t text_bytes; /* of its scalars' text so far, aliases expanded */
    size_t documents;
    bool failed;
    bool nomem;
};

static struct da_mark mark_of(yaml_mark_t m)
{
    struct da_mark out = {.line = (uint32_t)(m.line + 1), .column = (uint32_t)(m.column + 1)};
    return out;
}

/* Where a scalar or an alias stands: one on one line is underlined whole; one over several
 * lines, at its start. */
static struct da_mark mark_of_event(const yaml_event_t *ev)
{
    struct da_mark m = mark_of(ev->start_mark);
    if (ev->end_mark.line == ev->start_mark.line && ev->end_mark.column > ev->start_mark.column)
        m.span = (uint32_t)(ev->end_mark.column - ev->start_mark.column);
    return m;
}

static void fail_nomem(struct builder *b)
{
    b->nomem = true;
    b->failed = true;
}

/* Adds 'weight' nodes and 'text_bytes' bytes of text, met at 'm', to the document's count;
 * past a limit, reports where it was crossed and fails the parse. */
static bool count(struct builder *b, size_t weight, size_t text_bytes, yaml_mark_t m)
{
    if (weight > YNODE_MAX_WEIGHT - b->nodes) {
        diag_add(b->diags, b->file, DA_DIAG_YAML_LIMIT, NULL, mark_of(m),
                 "the document is too large: more than %u nodes, aliases expanded",
                 YNODE_MAX_WEIGHT);
        b->failed = true;
        return false;
    }
    if (text_bytes > YNODE_MAX_TEXT_BYTES - b->text_bytes) {
        diag_add(b->diags, b->file, DA_DIAG_YAML_LIMIT, NULL, mark_of(m),
                 "the document is too large: more than %u bytes of text, aliases expanded",
                 YNODE_MAX_TEXT_BYTES);
        b->failed = true;
        return false;
    }
    b->nodes += weight;
    b->text_bytes += text_bytes;
    return true;
}

/* A new node, counted with its own text of 'text_bytes' bytes (a scalar's). */
static struct ynode *new_node(struct builder *b, enum ynode_kind kind, yaml_mark_t m,
                              size_t text_bytes)
{
    if (!count(b, 1, text_bytes, m))
        return NULL;
    struct ynode *node = arena_alloc(b->arena, sizeof *node);
    if (!node) {
        fail_nomem(b);
        return NULL;
    }
    node->kind = kind;
    node->mark = mark_of(m);
    node->weight = 1;
    node->text_bytes = text_bytes;
    return node;
}

/* Adds a finished node to the open collection on top of the stack, or makes it the root. */
static void attach(struct builder *b, struct ynode *node)
{
    if (b->depth == 0) {
        b->root = node;
        return;
    }
    struct frame *top = &b->stack[b->depth - 1];
    if (!ptrvec_push(&top->children, node))
        fail_nomem(b);
}

static void remember_anchor(struct builder *b, const yaml_char_t *anchor, struct ynode *node)
{
    if (!anchor)
        return;
    const char *name = arena_strdup(b->arena, (const char *)anchor);
    if (!name || !anchors_put(&b->anchors, name, node))
        fail_nomem(b);
}

bool ynode_forbidden(uint32_t c)
{
    if (c == '\t' || c == '\n' || c == '\r')
        return false;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* Finds the characters of a scalar's text that its readers ask about (struct ynode). */
static void scan_text(struct ynode *node)
{
    const unsigned char *t = (const unsigned char *)node->text;
    node->blank = true;
    uint32_t at = 1, last = 0;
    for (size_t i = 0, len; i < node->len; i += len, at++) {
        uint32_t c = text_code_point((const char *)t + i, &len);
        last = c;
        if (!node->hidden_at && text_invisible(c) && (at == 1 || c != ' ')) {
            node->hidden_at = at;
            node->hidden = c;
        }
        if (!node->control_at && ynode_forbidden(c)) {
            node->control_at = at;
            node->control = c;
        }
        /* U+2028 and U+2029 break lines too (YAML 1.1 and JavaScript read them so, and a
         * chart's expression could not hold a name with one) */
        if (!node->break_at && (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)) {
            node->break_at = at;
            node->break_char = c;
        }
        node->blank = node->blank && text_invisible(c);
    }
    if (!node->hidden_at && at > 1 && text_invisible(last)) {
        node->hidden_at = at - 1;
        node->hidden = last;
    }
}

/* A scalar's tag as it was written: libyaml resolves the shorthand "!!float" to
 * "tag:yaml.org,2002:float", and a local tag ("!x") keeps its '!'; any other is written out
 * whole, as "!<...>". */
static const char *tag_as_written(struct builder *b, const char *tag)
{
    static const char core[] = "tag:yaml.org,2002:";
    if (strncmp(tag, core, sizeof core - 1) == 0)
        return arena_printf(b->arena, "!!%s", tag + sizeof core - 1);
    if (tag[0] == '!')
        return arena_strdup(b->arena, tag);
    return arena_printf(b->arena, "!<%s>", tag);
}

static void on_scalar(struct builder *b, const yaml_event_t *ev)
{
    struct ynode *node = new_node(b, YNODE_SCALAR, ev->start_mark, ev->data.scalar.length);
    if (!node)
        return;
    node->mark = mark_of_event(ev);
    node->len = ev->data.scalar.length;
    node->text = arena_strndup(b->arena, (const char *)ev->data.scalar.value, node->len);
    if (!node->text) {
        fail_nomem(b);
        return;
    }
    node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag;
    if (ev->data.scalar.tag &&
        !(node->tag = tag_as_written(b, (const char *)ev->data.scalar.tag))) {
        fail_nomem(b);
        return;
    }
    node->hash = idtab_hash(node->text);
    scan_text(node);
    remember_anchor(b, ev->data.scalar.anchor, node);
    attach(b, node);
}

static void on_alias(struct builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    struct ynode *target = anchors_get(&b->anchors, name);
    if (!target) {
        diag_add(b->diags, b->file, DA_DIAG_YAML_ALIAS, NULL, mark_of(ev->start_mark),
                 "alias '*%s' refers to no anchor defined before it", name);
        b->failed = true;
        return;
    }
    if (!count(b, target->weight, target->text_bytes, ev->start_mark))
        return;
    struct ynode *node = arena_alloc(b->arena, sizeof *node);
    if (!node) {
        fail_nomem(b);
        return;
    }
    *node = *target;
    node->mark = mark_of_event(ev);
    node->mark.anchor_line =
        target->mark.anchor_line ? target->mark.anchor_line : target->mark.line;
    attach(b, node);
}

static const char *open_path(const struct builder *b, char *buf);

static void on_start(struct builder *b, const yaml_event_t *ev, enum ynode_kind kind)
{
    if (b->depth >= YNODE_MAX_DEPTH) {
        diag_add(b->diags, b->file, DA_DIAG_YAML_LIMIT, NULL, mark_of(ev->start_mark),
                 "nesting deeper than %d levels; a scenario needs far fewer", YNODE_MAX_DEPTH);
        b->failed = true;
        return;
    }
    struct ynode *node = new_node(b, kind, ev->start_mark, 0);
    if (!node)
        return;
    /* Scenarios use no YAML tags, as a tagged scalar is refused where it is read (bind.c): a
     * custom tag on a mapping or a list would otherwise pass unseen. */
    const yaml_char_t *tag =
        kind == YNODE_MAP ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    const char *written = tag ? tag_as_written(b, (const char *)tag) : NULL;
    if (written) {
        char path[DIAG_PATH_MAX];
        const char *at = open_path(b, path);
        diag_add(b->diags, b->file, DA_DIAG_WRONG_TYPE, at, mark_of(ev->start_mark),
                 "%s%sa %s tagged %s; scenarios use no YAML tags: write it without one", at,
                 at[0] ? ": " : "", kind == YNODE_MAP ? "mapping" : "list", written);
    }
    const yaml_char_t *anchor =
        kind == YNODE_MAP ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    struct frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = node;
    if (anchor) {
        f->anchor = arena_strdup(b->arena, (const char *)anchor);
        if (!f->anchor)
            fail_nomem(b);
    }
}

/*
 * The key path of the mapping being closed, from the frames still open around it: for a
 * mapping, the key whose value is being read (its last child), for a list, the index of the
 * item being read; "" at the top. Written into 'buf' (DIAG_PATH_MAX bytes), cut short there.
 */
static const char *open_path(const struct builder *b, char *buf)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t d = 0; d < b->depth && used + 1 < DIAG_PATH_MAX; d++) {
        const struct frame *f = &b->stack[d];
        const char *dot = used ? "." : "";
        int n;
        if (f->node->kind == YNODE_MAP) {
            const struct ynode *key = f->children.n ? f->children.v[f->children.n - 1] : NULL;
            n = snprintf(buf + used, DIAG_PATH_MAX - used, "%s%s", dot,
                         key && key->kind == YNODE_SCALAR ? key->text : "?");
        } else {
            n = snprintf(buf + used, DIAG_PATH_MAX - used, "%s%zu", dot, f->children.n);
        }
        used += n > 0 ? (size_t)n : 0;
    }
    return buf;
}

/* The path of key 'key' of the mapping being closed. */
static const char *key_path(const struct builder *b, const struct ynode *key, char *buf)
{
    char parent[DIAG_PATH_MAX];
    open_path(b, parent);
    /* Cut short at DIAG_PATH_MAX, as the messages' paths are. */
    if (snprintf(buf, DIAG_PATH_MAX, "%s%s%s", parent, parent[0] ? "." : "",
                 key->kind == YNODE_SCALAR ? key->text : "") >= DIAG_PATH_MAX)
        buf[DIAG_PATH_MAX - 1] = '\0';
    return buf;
}

static void report_non_string_keys(struct builder *b, const struct ynode *map)
{
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const struct ynode *key = map->items[i];
        char what[64];
        char path[DIAG_PATH_MAX];
        /* A tagged key is read by its text alone: refused as a tagged value is (bind.c). */
        if (key->kind == YNODE_SCALAR && key->tag) {
            const char *at = open_path(b, path);
            diag_add(b->diags, b->file, DA_DIAG_KEY_NOT_STRING, at, key->mark,
                     "%s%sthe key '%.64s' tagged %s; scenarios use no YAML tags: write it "
                     "without one",
                     at, at[0] ? ": " : "", key->text, key->tag);
        }
        if (key->kind == YNODE_SCALAR)
            continue;
        diag_add(b->diags, b->file, DA_DIAG_KEY_NOT_STRING, open_path(b, path), key->mark,
                 "mapping keys must be strings; found %s", ynode_describe(key, what, sizeof what));
    }
}

/*
 * Groups the scalar keys of 'map' by text: group_of[i] is pair i's group, and first_of[g] the
 * pair whose key stands first in the file among group g's, the first met (an aliased key
 * stands where the alias is written).
 */
static bool group_keys(const struct ynode *map, uint32_t *group_of, uint32_t *first_of)
{
    struct idtab groups;
    idtab_init(&groups);
    uint32_t n_groups = 0;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const struct ynode *key = map->items[i];
        uint32_t pair = (uint32_t)(i / 2), group;
        if (key->kind != YNODE_SCALAR)
            continue;
        if (!idtab_add_hashed(&groups, key->text, key->hash, n_groups, &group)) {
            idtab_release(&groups);
            return false;
        }
        if (group == UINT32_MAX) {
            group = n_groups++;
            first_of[group] = pair;
        }
        group_of[pair] = group;
    }
    idtab_release(&groups);
    return true;
}

/* Mapping keys must be scalars, and each may appear once: every later occurrence of a key is
 * reported, with the line of the first. Hashing keeps this linear in the number of keys, and
 * an aliased key, hashed once when it was read, costs the same as a short one. */
static void check_keys(struct builder *b, const struct ynode *map)
{
    report_non_string_keys(b, map);
    size_t pairs = map->n / 2;
    if (pairs < 2)
        return;
    uint32_t *group_of = da_reallocarray(NULL, pairs, sizeof *group_of);
    uint32_t *first_of = da_reallocarray(NULL, pairs, sizeof *first_of);
    if (!group_of || !first_of || !group_keys(map, group_of, first_of)) {
        da_free(group_of);
        da_free(first_of);
        fail_nomem(b);
        return;
    }
    for (size_t pair = 0; pair < pairs; pair++) {
        const struct ynode *key = map->items[2 * pair];
        if (key->kind != YNODE_SCALAR)
            continue;
        uint32_t first = first_of[group_of[pair]];
        if (first == pair)
            continue;
        char path[DIAG_PATH_MAX];
        diag_add(b->diags, b->file, DA_DIAG_DUPLICATE_KEY, key_path(b, key, path), key->mark,
                 "duplicate key '%.*s' (first at line %u)", DIAG_QUOTE_MAX, key->text,
                 (unsigned)map->items[2 * (size_t)first]->mark.line);
    }
    da_free(group_of);
    da_free(first_of);
}

static void on_end(struct builder *b)
{
    if (b->depth == 0)
        return;
    struct frame *f = &b->stack[--b->depth];
    struct ynode *node = f->node;
    node->n = f->children.n;
    node->items = arena_array(b->arena, node->n, sizeof *node->items);
    if (!node->items && node->n) {
        da_free(f->children.v);
        fail_nomem(b);
        return;
    }
    if (node->n)
        memcpy(node->items, f->children.v, node->n * sizeof *node->items);
    da_free(f->children.v);
    f->children.v = NULL;
    /* Every child was counted in the document when it was met: the sums are at most
     * YNODE_MAX_WEIGHT and YNODE_MAX_TEXT_BYTES. */
    for (size_t i = 0; i < node->n; i++) {
        node->weight += node->items[i]->weight;
        node->text_bytes += node->items[i]->text_bytes;
    }
    if (node->kind == YNODE_MAP)
        check_keys(b, node);
    if (f->anchor && !anchors_put(&b->anchors, f->anchor, node))
        fail_nomem(b);
    attach(b, node);
}

/* ---- the pre-scans --------------------------------------------------------------------- */

/* The line and column of byte 'offset', columns counted in characters as libyaml counts. */
static struct da_mark mark_at_offset(const char *text, size_t offset)
{
    struct da_mark m = {.line = 1, .column = 1};
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            m.line++;
            m.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            m.column++;
        }
    }
    return m;
}

struct tabs {
    struct da_mark *at;
    size_t n;
};

/* Finds every line whose indentation holds a tab. */
static bool find_indent_tabs(const char *text, size_t len, struct tabs *tabs)
{
    size_t cap = 0;
    uint32_t line = 1;
    size_t i = 0;
    while (i < len) {
        size_t col = 0;
        while (i < len && (text[i] == ' ' || text[i] == '\t')) {
            if (text[i] == '\t') {
                if (tabs->n == cap) {
                    cap = cap ? cap * 2 : 8;
                    struct da_mark *grown = da_reallocarray(tabs->at, cap, sizeof *grown);
                    if (!grown)
                        return false;
                    tabs->at = grown;
                }
                struct da_mark m = {.line = line, .column = (uint32_t)(col + 1), .span = 1};
                tabs->at[tabs->n++] = m;
                while (i < len && text[i] != '\n')
                    i++;
                break;
            }
            col++;
            i++;
        }
        while (i < len && text[i] != '\n')
            i++;
        i++;
        line++;
    }
    return true;
}

/* ---- the parse --------------------------------------------------------------------------- */

/* libyaml places a broken UTF-8 sequence's error at the byte that broke it; the user wants
 * the character it belongs to, which starts at the lead byte before. */
static size_t reader_error_offset(const yaml_parser_t *p, const char *text)
{
    size_t offset = p->problem_offset;
    if (!p->problem || !strstr(p->problem, "trailing"))
        return offset;
    for (size_t back = 1; back <= 3 && back <= offset; back++)
        if (((unsigned char)text[offset - back] & 0xC0) == 0xC0)
            return offset - back;
    return offset;
}

/* The byte offset in 'text' of a libyaml mark (0-based line, column in characters), found by
 * its line and column rather than its index, which counts what libyaml read, not bytes. */
static size_t offset_of_mark(const char *text, size_t len, yaml_mark_t m)
{
    size_t i = 0;
    for (size_t line = 0; line < m.line && i < len; i++)
        if (text[i] == '\n')
            line++;
    for (size_t column = 0; column < m.column && i < len && text[i] != '\n';) {
        i++;
        if (i >= len || ((unsigned char)text[i] & 0xC0) != 0x80)
            column++;
    }
    return i;
}

/* The longest quoted key of a message on a key without its colon. */
#define KEY_SHOWN 40

/*
 * libyaml reports a line that holds no key and value ('risk:1.5', or 'risk' alone) at the
 * line after it, where it gave up looking for the ':', with the line it was on as context
 * (its only error while scanning a simple key). The user's mistake is on that line.
 */
static bool key_without_colon(const yaml_parser_t *p)
{
    return p->error == YAML_SCANNER_ERROR && p->context && p->problem &&
           strcmp(p->context, "while scanning a simple key") == 0 &&
           strcmp(p->problem, "could not find expected ':'") == 0;
}

/* key_without_colon()'s problem put on its line, quoting what the line holds, with the fix
 * when it is the commonest one (a colon with no space after it); false when the line is
 * empty, for the general message. */
static bool report_missing_colon(struct builder *b, const yaml_parser_t *p, const char *text,
                                 size_t len)
{
    if (!key_without_colon(p))
        return false;
    size_t from = offset_of_mark(text, len, p->context_mark), end = from;
    while (end < len && text[end] != '\n' && text[end] != '\r' &&
           !(text[end] == '#' && end > from && (text[end - 1] == ' ' || text[end - 1] == '\t')))
        end++;
    while (end > from && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        end--;
    if (end == from)
        return false;
    bool cut = end - from > KEY_SHOWN;
    size_t n = cut ? KEY_SHOWN : end - from;
    char raw[KEY_SHOWN + 1], key[3 * KEY_SHOWN + 1];
    memcpy(raw, text + from, n);
    raw[n] = '\0';
    raw[text_utf8_cut(raw, n)] = '\0';
    text_utf8_sanitize(key, sizeof key, raw);
    const char *more = cut ? "..." : "";
    struct da_mark at = mark_of(p->context_mark);
    for (size_t i = from; i < end; i++)
        at.span += ((unsigned char)text[i] & 0xC0) != 0x80; /* the line's characters, underlined */
    const char *colon = memchr(text + from, ':', end - from);
    /* libyaml takes a key of one line of at most 1024 characters: past that, the ':' that ends
     * it is not looked for. */
    const char *ends_key = colon;
    while (ends_key && ends_key + 1 < text + end && ends_key[1] != ' ' && ends_key[1] != '\t')
        ends_key = memchr(ends_key + 1, ':', (size_t)(text + end - ends_key - 1));
    if (ends_key && ends_key - (text + from) > 1024) {
        diag_add(b->diags, b->file, DA_DIAG_YAML_SYNTAX, NULL, at,
                 "YAML syntax error: the key '%s%s' is longer than the 1,024 characters that a "
                 "key may have",
                 key, more);
    } else if (colon && colon + 1 < text + end && colon[1] != ' ' && colon[1] != '\t') {
        /* The line rewritten, where it is shown whole (a cut one could be cut inside its key). */
        size_t before = (size_t)(colon - (text + from)) + 1;
        char fixed[3 * KEY_SHOWN + 16] = "";
        if (!cut && strlen(key) == n)
            snprintf(fixed, sizeof fixed, " ('%.*s %s')", (int)before, key, key + before);
        diag_add(b->diags, b->file, DA_DIAG_YAML_SYNTAX, NULL, at,
                 "YAML syntax error: '%s%s' is one word to YAML, not a key and its value: a key's "
                 "':' needs a space after it%s",
                 key, more, fixed);
    } else {
        diag_add(b->diags, b->file, DA_DIAG_YAML_SYNTAX, NULL, at,
                 "YAML syntax error: '%s%s' has no ':' after it; a line of a mapping is written "
                 "'key: value'",
                 key, more);
    }
    return true;
}

/* A syntax error at or after a line or paragraph separator (U+2028, U+2029) or a NEL (U+0085)
 * outside quotes: YAML breaks the line there, so the words after it (in "name: Mini<LS>mal",
 * "mal") stand alone and libyaml's complaint about them named the line after. Said at the
 * separator instead; false when the text has none before the error. */
static bool report_line_separator(struct builder *b, const char *text, size_t len,
                                  struct da_mark error)
{
    for (size_t i = 0; i + 1 < len; i++) {
        const unsigned char *c = (const unsigned char *)text + i;
        bool nel = c[0] == 0xC2 && c[1] == 0x85;
        bool ls = i + 2 < len && c[0] == 0xE2 && c[1] == 0x80 && (c[2] == 0xA8 || c[2] == 0xA9);
        if (!nel && !ls)
            continue;
        struct da_mark at = mark_at_offset(text, i);
        if (at.line > error.line)
            return false;
        at.span = 1;
        diag_add(b->diags, b->file, DA_DIAG_YAML_SYNTAX, NULL, at,
                 "YAML syntax error: a %s (U+%04X) breaks the line here, as YAML reads it; "
                 "remove it (in a quoted text it is refused as a character text must not hold)",
                 nel            ? "next-line character"
                 : c[2] == 0xA8 ? "line separator"
                                : "paragraph separator",
                 nel            ? 0x85u
                 : c[2] == 0xA8 ? 0x2028u
                                : 0x2029u);
        return true;
    }
    return false;
}

static void report_parse_error(struct builder *b, const yaml_parser_t *p, const char *text,
                               size_t len, const struct tabs *tabs)
{
    if (p->error == YAML_MEMORY_ERROR) {
        fail_nomem(b);
        return;
    }
    struct da_mark at;
    if (p->error == YAML_READER_ERROR)
        at = mark_at_offset(text, reader_error_offset(p, text));
    else if (key_without_colon(p))
        at = mark_of(p->context_mark);
    else
        at = mark_of(p->problem_mark);
    bool on_tab_line = false;
    for (size_t i = 0; i < tabs->n; i++) {
        if (tabs->at[i].line > at.line)
            break;
        diag_add(b->diags, b->file, DA_DIAG_YAML_TAB, NULL, tabs->at[i],
                 "tab character in indentation; YAML indents with spaces only");
        if (tabs->at[i].line == at.line)
            on_tab_line = true;
    }
    if (on_tab_line)
        return;
    const char *problem = p->problem ? p->problem : "unknown error";
    if (report_line_separator(b, text, len, at))
        return;
    if (report_missing_colon(b, p, text, len))
        return;
    if (p->error == YAML_READER_ERROR) {
        diag_add(b->diags, b->file, DA_DIAG_NOT_TEXT, NULL, at, "not valid %s text: %s",
                 strstr(problem, "UTF-8") ? "UTF-8" : "YAML", problem);
    } else if (strcmp(problem, "found invalid Unicode character escape code") == 0) {
        /* libyaml reads a \u escape as one character: the halves of a pair that JSON writes
         * for a character beyond U+FFFF ("\ud83d\ude00") are not characters. */
        diag_add(b->diags, b->file, DA_DIAG_YAML_SYNTAX, NULL, at,
                 "YAML syntax error: this escape is not a character: \\uD800 to \\uDFFF are "
                 "halves of a pair (as JSON writes a character beyond U+FFFF), which YAML does "
                 "not join, and nothing is beyond \\U0010FFFF; write the character itself, or "
                 "its escape \\UXXXXXXXX (eight digits)");
    } else if (p->context) {
        diag_add(b->diags, b->file, DA_DIAG_YAML_SYNTAX, NULL, at,
                 "YAML syntax error: %s (%s that starts at line %u)", problem, p->context,
                 (unsigned)(p->context_mark.line + 1));
    } else {
        diag_add(b->diags, b->file, DA_DIAG_YAML_SYNTAX, NULL, at, "YAML syntax error: %s",
                 problem);
    }
}

static bool handle_event(struct builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1) {
            diag_add(b->diags, b->file, DA_DIAG_YAML_DOCUMENTS, NULL, mark_of(ev->start_mark),
                     "a second YAML document; a scenario file holds exactly one");
            b->failed = true;
        }
        break;
    case YAML_SCALAR_EVENT:
        on_scalar(b, ev);
        break;
    case YAML_ALIAS_EVENT:
        on_alias(b, ev);
        break;
    case YAML_SEQUENCE_START_EVENT:
        on_start(b, ev, YNODE_SEQ);
        break;
    case YAML_MAPPING_START_EVENT:
        on_start(b, ev, YNODE_MAP);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        on_end(b);
        break;
    case YAML_STREAM_END_EVENT:
        return false;
    default:
        break;
    }
    return !b->failed;
}

static void release_builder(struct builder *b)
{
    while (b->depth > 0)
        da_free(b->stack[--b->depth].children.v);
    da_free(b->anchors.slots);
}

struct ynode *ynode_parse(struct arena *arena, const char *file, const char *text, size_t len,
                          da_diags *diags, bool *nomem)
{
    *nomem = false;
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        diag_add(diags, file, DA_DIAG_NOT_TEXT, NULL, mark_at_offset(text, (size_t)(nul - text)),
                 "binary data (a NUL byte); a scenario is a YAML text file");
        return NULL;
    }
    struct tabs tabs = {NULL, 0};
    if (!find_indent_tabs(text, len, &tabs)) {
        *nomem = true;
        return NULL;
    }
    struct builder b;
    memset(&b, 0, sizeof b);
    b.arena = arena;
    b.file = file;
    b.diags = diags;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        da_free(tabs.at);
        *nomem = true;
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parse_error(&b, &parser, text, len, &tabs);
            b.failed = true;
            break;
        }
        bool more = handle_event(&b, &ev);
        yaml_event_delete(&ev);
        if (!more)
            break;
    }
    yaml_parser_delete(&parser);
    release_builder(&b);
    da_free(tabs.at);
    *nomem = b.nomem;
    if (b.failed)
        return NULL;
    if (!b.root) {
        struct da_mark start = {.line = 1, .column = 1};
        diag_add(diags, file, DA_DIAG_EMPTY_FILE, NULL, start,
                 "the file is empty; a scenario is a YAML mapping that starts with 'dayafter: 1'");
        return NULL;
    }
    return b.root;
}

/* ---- lookups ------------------------------------------------------------------------------- */

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const struct ynode *k = map->items[i];
        if (k->kind == YNODE_SCALAR && strcmp(k->text, key) == 0)
            return map->items[i + 1];
    }
    return NULL;
}

bool ynode_is_null(const struct ynode *node)
{
    if (!node || node->kind != YNODE_SCALAR || !node->plain)
        return false;
    const char *t = node->text;
    return t[0] == '\0' || strcmp(t, "~") == 0 || strcmp(t, "null") == 0 ||
           strcmp(t, "Null") == 0 || strcmp(t, "NULL") == 0;
}

const char *ynode_describe(const struct ynode *node, char *buf, size_t cap)
{
    if (!node) {
        snprintf(buf, cap, "nothing");
    } else if (node->kind == YNODE_SEQ) {
        snprintf(buf, cap, "a list");
    } else if (node->kind == YNODE_MAP) {
        snprintf(buf, cap, "a mapping");
    } else if (ynode_is_null(node)) {
        snprintf(buf, cap, "nothing (null)");
    } else {
        /* Long texts are cut at a character boundary, never inside a UTF-8 sequence. */
        size_t len = node->len, cut = len;
        const char *dots = "";
        if (len > 40) {
            cut = 37;
            while (cut > 0 && ((unsigned char)node->text[cut] & 0xC0) == 0x80)
                cut--;
            dots = "...";
        }
        int n;
        if (node->tag) {
            /* A tag is short, but a long one is cut as the text is. */
            size_t tag_cut = text_utf8_cut(node->tag, 24);
            n = snprintf(buf, cap, "'%.*s%s' tagged %.*s%s", (int)cut, node->text, dots,
                         (int)tag_cut, node->tag, node->tag[tag_cut] ? "..." : "");
        } else if (node->plain) {
            n = snprintf(buf, cap, "'%.*s%s'", (int)cut, node->text, dots);
        } else {
            n = snprintf(buf, cap, "the string \"%.*s%s\"", (int)cut, node->text, dots);
        }
        /* Cut short to fit 'cap', the description still ends on a whole character. */
        if (n >= 0 && (size_t)n >= cap)
            buf[text_utf8_cut(buf, cap - 1)] = '\0';
    }
    return buf;
}
