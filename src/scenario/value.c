/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * value.c - numbers, booleans and ids in scalars (see value.h).
 *
 * The syntax is checked by hand before strtod() sees the text, because strtod() also accepts
 * hexadecimal floats, "inf", "nan" and leading blanks, none of which a scenario should.
 * strtod() honours LC_NUMERIC; the library never calls setlocale(), so it reads '.' as the
 * decimal point, as YAML requires.
 */
#include "value.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies the digits of a run that may hold single underscores between digits; returns the
 * number of characters consumed, 0 when there is no digit. */
static size_t digits(const char *s, char *out, size_t *o, size_t cap)
{
    size_t i = 0;
    if (!isdigit((unsigned char)s[0]))
        return 0;
    while (isdigit((unsigned char)s[i]) || (s[i] == '_' && isdigit((unsigned char)s[i + 1]) &&
                                            i > 0 && isdigit((unsigned char)s[i - 1]))) {
        if (s[i] != '_' && *o + 1 < cap)
            out[(*o)++] = s[i];
        i++;
    }
    return i;
}

/* Appends 'c' to 'out' when it has room; counts it either way, so that a number too long for
 * 'out' is seen to be one. */
static void put(char *out, size_t *o, size_t cap, char c)
{
    if (*o + 1 < cap)
        out[*o] = c;
    (*o)++;
}

static bool is_infinity_or_nan(const char *t)
{
    if (*t == '+' || *t == '-')
        t++;
    return strcmp(t, ".inf") == 0 || strcmp(t, ".Inf") == 0 || strcmp(t, ".INF") == 0 ||
           strcmp(t, ".nan") == 0 || strcmp(t, ".NaN") == 0 || strcmp(t, ".NAN") == 0;
}

enum value_status value_number(const struct ynode *node, double *out)
{
    if (!node || node->kind != YNODE_SCALAR || !node->plain)
        return VALUE_WRONG_TYPE;
    const char *t = node->text;
    if (is_infinity_or_nan(t))
        return VALUE_NOT_FINITE;
    char clean[128];
    /* Past the '_' between its digits, at most one in two characters, a number fits 'clean':
     * a longer text is none, and is not read to its end (an alias may name it many times). */
    if (strnlen(t, 2 * sizeof clean + 1) > 2 * sizeof clean)
        return VALUE_WRONG_TYPE;
    size_t o = 0, i = 0;
    if (t[i] == '+' || t[i] == '-')
        put(clean, &o, sizeof clean, t[i++]);
    size_t whole = digits(t + i, clean, &o, sizeof clean);
    i += whole;
    size_t frac = 0;
    if (t[i] == '.') {
        put(clean, &o, sizeof clean, t[i++]);
        frac = digits(t + i, clean, &o, sizeof clean);
        i += frac;
    }
    if (whole == 0 && frac == 0)
        return VALUE_WRONG_TYPE;
    if (t[i] == 'e' || t[i] == 'E') {
        put(clean, &o, sizeof clean, t[i++]);
        if (t[i] == '+' || t[i] == '-')
            put(clean, &o, sizeof clean, t[i++]);
        size_t exp = digits(t + i, clean, &o, sizeof clean);
        if (exp == 0)
            return VALUE_WRONG_TYPE;
        i += exp;
    }
    if (t[i] != '\0' || o + 1 >= sizeof clean)
        return VALUE_WRONG_TYPE;
    clean[o] = '\0';
    double v = strtod(clean, NULL);
    if (!isfinite(v))
        return VALUE_NOT_FINITE;
    /* -0 (written so, or a negative number too small for a double, -1e-400) is 0: it passes
     * every check of a count that must be >= 0, and its sign then went through the run into
     * the outputs as "-0", and differently for different numbers of threads, whose merges
     * kept either zero. */
    *out = v == 0 ? 0 : v;
    return VALUE_OK;
}

const char *value_number_hint(const struct ynode *node)
{
    if (!node || node->kind != YNODE_SCALAR || node->plain)
        return "";
    struct ynode plain = *node;
    plain.plain = true;
    double v;
    if (value_number(&plain, &v) != VALUE_WRONG_TYPE)
        return node->tag ? "; write numbers without tags" : "; write numbers without quotes";
    /* A block ('|' or '>') keeps the number's line break: "100000\n". */
    size_t len = node->text ? strlen(node->text) : 0;
    while (len > 0 && (node->text[len - 1] == '\n' || node->text[len - 1] == '\r'))
        len--;
    char line[64];
    if (len == 0 || len == strlen(node->text) || len >= sizeof line)
        return "";
    memcpy(line, node->text, len);
    line[len] = '\0';
    plain.text = line;
    plain.len = len;
    if (value_number(&plain, &v) == VALUE_WRONG_TYPE)
        return "";
    return "; write numbers on the key's line, without a block ('|' or '>')";
}

/* The number of a percentage written with its sign, "30%" or "30 %", into *out; false when
 * 'node' is none. */
static bool percent_number(const struct ynode *node, double *out)
{
    size_t len = node->text ? strlen(node->text) : 0;
    char number[64];
    if (len < 2 || len >= sizeof number || node->text[len - 1] != '%')
        return false;
    memcpy(number, node->text, len - 1);
    while (len > 1 && number[len - 2] == ' ')
        len--;
    number[len - 1] = '\0';
    struct ynode plain = *node;
    plain.plain = true;
    plain.text = number;
    return value_number(&plain, out) == VALUE_OK;
}

const char *value_percent_hint(const struct ynode *node, double lo, double hi, char *buf,
                               size_t cap)
{
    buf[0] = '\0';
    if (lo != 0 || hi != 1 || !node || node->kind != YNODE_SCALAR)
        return buf;
    double v;
    /* A bare number is taken for a percentage only when whole, above 1 and at most 100: 1.2
     * is likelier a share above the whole than 1.2%, and above 100 is no percentage of it. */
    bool percent = percent_number(node, &v)
                       ? v >= 0 && v <= 100
                       : value_number(node, &v) == VALUE_OK && v > 1 && v <= 100 && v == floor(v);
    if (percent)
        snprintf(buf, cap, "; for %g%%, write %g", v, v / 100);
    return buf;
}

bool value_bool(const struct ynode *node, bool *out)
{
    if (!node || node->kind != YNODE_SCALAR || !node->plain)
        return false;
    const char *t = node->text;
    if (strcmp(t, "true") == 0 || strcmp(t, "True") == 0 || strcmp(t, "TRUE") == 0) {
        *out = true;
        return true;
    }
    if (strcmp(t, "false") == 0 || strcmp(t, "False") == 0 || strcmp(t, "FALSE") == 0) {
        *out = false;
        return true;
    }
    return false;
}

bool value_is_id(const char *text)
{
    if (!isalpha((unsigned char)text[0]) || (unsigned char)text[0] >= 0x80)
        return false;
    size_t i = 1;
    /* Read no further than an id may go: a long text may be named by many aliases. */
    for (; i <= VALUE_ID_MAX && text[i]; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80 || !(isalnum(c) || c == '_' || c == '-'))
            return false;
    }
    return i <= VALUE_ID_MAX;
}
