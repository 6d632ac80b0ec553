/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sources.c - the "# source:" notes of a scenario file, attached to its parameters.
 *
 * YAML parsers drop comments, and the format keeps every number's source in one: the report
 * shows each assumption with its source, so the notes are read off the text by line. A
 * parameter's note is the "# source:" comment at the end of its line, else the one in the
 * comment lines right above its key (continued on the comment lines that follow it, up to the
 * key). A value written as a block mapping under its key ("delay_days:" then "dist: pert" on
 * the lines below) is found from the key's line. An input given by an alias stands where the
 * alias is (ynode.c), and takes the note found from there, as its line is the alias's; where
 * the alias has none, the anchor's, whose value it repeats.
 *
 * A line's note is looked for once: the inputs on one line (a flow mapping of a thousand
 * areas, or of aliases) share it, so that a long line or a long comment above it is read
 * once, not once per input.
 */
#include <stdbool.h>
#include <string.h>

#include "sources.h"

struct lines {
    const char *text;
    size_t n;
    const size_t *start; /* start[i]: offset of line i + 1; start[n] = len + 1 */
};

/* Line 'number' (1-based) as [*begin, *end), without its newline. */
static bool line_at(const struct lines *ls, uint32_t number, const char **begin, const char **end)
{
    if (number < 1 || number > ls->n)
        return false;
    *begin = ls->text + ls->start[number - 1];
    *end = ls->text + ls->start[number] - 1;
    if (*end > *begin && (*end)[-1] == '\r')
        (*end)--;
    return true;
}

static const char *skip_blanks(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

/* The comment of a line: the text after a '#' that starts the line or follows a blank, outside
 * quotes; NULL when there is none. */
static const char *comment_of(const char *begin, const char *end)
{
    char quote = 0;
    for (const char *s = begin; s < end; s++) {
        if (quote) {
            if (*s == quote)
                quote = 0;
        } else if (*s == '"' || *s == '\'') {
            quote = *s;
        } else if (*s == '#' && (s == begin || s[-1] == ' ' || s[-1] == '\t')) {
            return s + 1;
        }
    }
    return NULL;
}

/* The text of a "source:" note in a comment, or NULL. */
static const char *source_note(const char *comment, const char *end)
{
    const char *s = skip_blanks(comment, end);
    static const char word[] = "source:";
    if ((size_t)(end - s) < sizeof word - 1 || strncmp(s, word, sizeof word - 1) != 0)
        return NULL;
    return skip_blanks(s + sizeof word - 1, end);
}

static bool is_comment_line(const char *begin, const char *end)
{
    const char *s = skip_blanks(begin, end);
    return s < end && *s == '#';
}

/* A key with its value on the lines below: "name:" and, at most, a comment. */
static bool is_bare_key_line(const char *begin, const char *end)
{
    const char *comment = comment_of(begin, end);
    const char *stop = comment ? comment - 1 : end;
    while (stop > begin && (stop[-1] == ' ' || stop[-1] == '\t'))
        stop--;
    return stop > begin && stop[-1] == ':' && !is_comment_line(begin, end);
}

/* Appends [s, end) trimmed to 'out' (capacity 'cap', used 'used'), after a space if not first. */
static size_t append(char *out, size_t cap, size_t used, const char *s, const char *end)
{
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (used > 0 && used + 1 < cap)
        out[used++] = ' ';
    size_t n = (size_t)(end - s);
    if (n > cap - 1 - used)
        n = cap - 1 - used;
    memcpy(out + used, s, n);
    used += n;
    out[used] = '\0';
    return used;
}

/* The note of the parameter written at line 'line', into 'out'; false when there is none. */
static bool note_for(const struct lines *ls, uint32_t line, char *out, size_t cap)
{
    const char *b, *e, *c, *note;
    out[0] = '\0';
    if (!line_at(ls, line, &b, &e))
        return false;
    if ((c = comment_of(b, e)) && (note = source_note(c, e))) {
        append(out, cap, 0, note, e);
        return true;
    }
    uint32_t key = line;
    if (line_at(ls, line - 1, &b, &e) && is_bare_key_line(b, e)) {
        key = line - 1;
        if ((c = comment_of(b, e)) && (note = source_note(c, e))) {
            append(out, cap, 0, note, e);
            return true;
        }
    }
    /* The comment block right above the key: from its "source:" line to its end. */
    uint32_t top = key;
    while (top > 1 && line_at(ls, top - 1, &b, &e) && is_comment_line(b, e))
        top--;
    size_t used = 0;
    bool found = false;
    for (uint32_t l = top; l < key; l++) {
        line_at(ls, l, &b, &e);
        c = comment_of(b, e);
        if (!found && (note = source_note(c, e))) {
            found = true;
            used = append(out, cap, used, note, e);
        } else if (found) {
            used = append(out, cap, used, skip_blanks(c, e), e);
        }
    }
    return found;
}

/* The notes of the lines, each looked for at most once. */
struct notes {
    const char **of_line;  /* of_line[l]: the note of line l, NULL for none */
    unsigned char *looked; /* looked[l]: of_line[l] is known */
};

/* The note of the parameter at 'line', copied into the arena; false when memory ran out. */
static bool note_of_line(struct da_scenario *scn, const struct lines *ls, struct notes *notes,
                         uint32_t line, const char **out)
{
    bool valid = line >= 1 && line <= ls->n;
    if (valid && notes->looked[line]) {
        *out = notes->of_line[line];
        return true;
    }
    char note[SOURCE_NOTE_MAX];
    *out = NULL;
    if (note_for(ls, line, note, sizeof note) && !(*out = arena_strdup(&scn->arena, note)))
        return false;
    if (valid) {
        notes->of_line[line] = *out;
        notes->looked[line] = 1;
    }
    return true;
}

bool sources_attach(struct da_scenario *scn, const char *text, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    size_t *start = da_malloc((n + 1) * sizeof *start);
    struct notes notes = {da_calloc(n + 1, sizeof *notes.of_line), da_calloc(n + 1, 1)};
    bool ok = start && notes.of_line && notes.looked;
    if (ok) {
        size_t line = 0;
        start[line++] = 0;
        for (size_t i = 0; i < len; i++)
            if (text[i] == '\n')
                start[line++] = i + 1;
        start[n] = len + 1;
    }
    struct lines ls = {text, n, start};
    for (size_t i = 0; i < scn->n_params && ok; i++) {
        struct da_param *p = &scn->params[i];
        p->source = NULL;
        if (!p->is_default && !p->is_event)
            ok = note_of_line(scn, &ls, &notes, p->at.line, &p->source);
        if (ok && !p->source && !p->is_default && !p->is_event && p->at.anchor_line)
            ok = note_of_line(scn, &ls, &notes, p->at.anchor_line, &p->source);
    }
    da_free(start);
    da_free(notes.of_line);
    da_free(notes.looked);
    return ok;
}
