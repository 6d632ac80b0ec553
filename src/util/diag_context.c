/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag_context.c - a problem's line with a caret under it (da_diags_write_context()).
 *
 * The line comes from the text the loader kept (diag.c), never from the file again. Columns
 * count characters, so the caret line steps over a character, not a byte, as wide as a
 * terminal shows it (two columns for CJK and emoji, none for a combining mark: the C library's
 * wcwidth(), in its built-in C.UTF-8 locale whatever the user's), and copies
 * the line's tabs so that it lines up under them whatever the tab width. A line wider than a
 * terminal is cut to a window around the problem, marked "..." where it was cut. The line's
 * control characters (C0, DEL and C1) are written as '?': a file's bytes must not drive the
 * terminal.
 */
#define _XOPEN_SOURCE 700 /* wcwidth() */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "dayafter.h"

/* The most characters of a line shown, and how many of them stand before the problem when
 * the line must be cut. */
#define CONTEXT_WIDTH 120u
#define CONTEXT_LEAD  40u

struct window {
    uint32_t first, last; /* the characters shown, 1-based, inclusive (last 0: none) */
    uint32_t chars;       /* the line's characters */
};

static bool continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

static uint32_t count_chars(const char *text, size_t len)
{
    uint32_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += !continuation((unsigned char)text[i]);
    return n;
}

/* The code point of the character at text[i] (len bytes in all), or U+FFFD where its bytes are
 * no UTF-8: the kept line of a file that is not text may hold any byte. */
static uint32_t code_point_at(const char *text, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)text;
    unsigned char c = u[i];
    size_t more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (c < 0x80)
        return c;
    if (c < 0xC0 || c > 0xF4 || i + more >= len)
        return 0xFFFD;
    uint32_t cp = c & (0x3Fu >> more);
    for (size_t k = 1; k <= more; k++) {
        if (i + k >= len || !continuation(u[i + k]))
            return 0xFFFD;
        cp = cp << 6 | (u[i + k] & 0x3Fu);
    }
    return cp;
}

/* The columns a terminal gives a character, by the C library's tables of Unicode (the
 * locale da_diags_write_context() sets): 0 for combining marks and the characters that join
 * or select others, 2 for East Asian wide and fullwidth characters and emoji. One where the
 * library knows none: a control character, written as '?', an unassigned one, or any but ASCII
 * where no UTF-8 locale could be had. */
static unsigned display_width(uint32_t c)
{
    int w = c <= 0x10FFFF ? wcwidth((wchar_t)c) : -1;
    return w < 0 ? 1 : (unsigned)w;
}

static struct window window_around(uint32_t chars, uint32_t column)
{
    struct window w = {1, chars, chars};
    if (chars <= CONTEXT_WIDTH)
        return w;
    if (column > CONTEXT_LEAD)
        w.first = column - CONTEXT_LEAD;
    if (w.first > chars - CONTEXT_WIDTH + 1)
        w.first = chars - CONTEXT_WIDTH + 1;
    w.last = w.first + CONTEXT_WIDTH - 1;
    return w;
}

/* The shown characters of the line, control characters as '?'. */
static void write_line(FILE *out, const char *text, size_t len, struct window w)
{
    fputs(w.first > 1 ? "  ..." : "  ", out);
    uint32_t at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        at += !continuation(c);
        if (at < w.first || at > w.last)
            continue;
        /* a C1 control (U+0080 to U+009F, 0xC2 then 0x80 to 0x9F), which terminals may run as
         * an escape (U+009B is CSI), is one '?' too */
        if (c == 0xC2 && i + 1 < len && (unsigned char)text[i + 1] >= 0x80 &&
            (unsigned char)text[i + 1] <= 0x9F) {
            fputc('?', out);
            i++;
            continue;
        }
        fputc((c < 0x20 && c != '\t') || c == 0x7F ? '?' : c, out);
    }
    fputs(w.last < w.chars ? "...\n" : "\n", out);
}

/* Spaces (tabs under tabs, two under a wide character) up to 'column', then ^ and ~ under the
 * rest of the characters the span covers, up to the end of what is shown, as wide as they
 * are. */
static void write_caret(FILE *out, const char *text, size_t len, struct window w, uint32_t column,
                        uint32_t span, bool color)
{
    fputs(w.first > 1 ? "     " : "  ", out);
    uint32_t at = 0;
    size_t i = 0;
    for (; i < len; i++) {
        if (continuation((unsigned char)text[i]))
            continue;
        at++;
        if (at >= column)
            break;
        if (at < w.first)
            continue;
        if (text[i] == '\t')
            fputc('\t', out);
        else
            for (unsigned k = display_width(code_point_at(text, len, i)); k > 0; k--)
                fputc(' ', out);
    }
    uint32_t end = w.last > column ? w.last : column;
    if (span > end - column + 1)
        span = end - column + 1;
    /* The first character's first column is the caret; a character past the line's end (a
     * column one past it) is one column wide. */
    unsigned marks = 0;
    for (uint32_t covered = 0; covered < span; i++) {
        if (i < len && continuation((unsigned char)text[i]))
            continue;
        marks += i < len ? display_width(code_point_at(text, len, i)) : 1;
        covered++;
    }
    fputs(color ? "\033[1;32m^" : "^", out);
    for (unsigned k = 1; k < marks; k++)
        fputc('~', out);
    fputs(color ? "\033[0m\n" : "\n", out);
}

da_status da_diags_write_context(const da_diags *diags, size_t index, FILE *out, int color)
{
    if (!out || index >= da_diags_count(diags))
        return DA_ERR_USAGE;
    da_diag d = da_diags_get(diags, index);
    const char *text;
    size_t len;
    da_status st = da_diags_source_line(diags, d.file, d.line, &text, &len);
    if (st != DA_OK)
        return st;
    /* A byte order mark at the file's start is not one of its columns (the loader counts from
     * after it): counted, and shown at no width, it put the caret one column left. */
    if (d.line == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (len == 0)
        return DA_OK; /* an empty line and a caret under nothing say no more than the message */
    uint32_t chars = count_chars(text, len);
    uint32_t column = d.column;
    /* A window that starts past the column would hide the caret: the column is past the end
     * of a long line, so the window ends there. */
    if (column > chars + 1)
        column = chars + 1;
    struct window w = window_around(chars, column);
    write_line(out, text, len, w);
    /* The widths are the same whatever the user's locale (a script's may be "C", which knows
     * no character past ASCII): C.UTF-8 is built into the C library, and set for this thread
     * alone while the caret is written. */
    locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    locale_t before = utf8 ? uselocale(utf8) : (locale_t)0;
    write_caret(out, text, len, w, column, d.span, color != 0);
    if (utf8) {
        uselocale(before);
        freelocale(utf8);
    }
    return ferror(out) ? DA_ERR_IO : DA_OK;
}
