/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bodies.c - the request body decoders of bodies.h. A body is parsed by jansson, then each
 * field is taken with its rules; unknown fields are refused too, so that a misspelt one is not
 * silently ignored.
 */
#include "bodies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"
#include "server.h"

/* A field's rules. A NAME is shown and looked up (a scenario, an organization, a token, a
 * role): it must show something. A SECRET (a password) is never shown, and may be anything
 * without control characters. TEXT (a scenario's) and PROSE (a revision's message) may hold
 * lines. NAME and PROSE are limited in characters, as a form counts them, so that a name in
 * Arabic may be as long as one in English; the others in bytes. */
enum kind { TEXT, PROSE, NAME, SECRET, EMAIL, INTEGER };
struct field {
    const char *key;
    enum kind kind;
    bool required;
    size_t max;        /* NAME, PROSE: the most characters; TEXT, SECRET, EMAIL: bytes */
    int64_t lo, hi;    /* INTEGER */
    const char **text; /* where a string goes */
    int64_t *number;   /* where an integer goes */
    bool *present;
};

/* The most numbers too big for jansson that parse() stands in for, one at a time. */
#define STAND_INS 16

/* 'text' parsed again with each number too big for jansson (beyond 64-bit integers, or beyond
 * doubles: "too big integer near ...", "real number overflow near ...") replaced by 1e300, a
 * number that no field takes (every whole number field is within 64 bits, and a name is a
 * string): the decoder then names the field that holds it with that field's own message ("seed"
 * must be a whole number from 0 to ...), which jansson's words did not. 'e' is the first
 * error, at the end of its number. NULL when it cannot be done. */
static json_t *with_stand_ins(const char *text, size_t len, json_error_t e)
{
    char *copy = NULL;
    size_t size = len;
    json_t *root = NULL;
    for (int i = 0; i < STAND_INS && json_error_code(&e) == json_error_numeric_overflow; i++) {
        const char *from = copy ? copy : text;
        size_t end = e.position > 0 ? (size_t)e.position : 0, start = end;
        while (start > 0 && strchr("0123456789+-.eE", from[start - 1]))
            start--;
        if (start == end || end > size)
            break;
        static const char stand_in[] = "1e300";
        size_t next = size - (end - start) + strlen(stand_in);
        char *c = malloc(next);
        if (!c)
            break;
        memcpy(c, from, start);
        memcpy(c + start, stand_in, strlen(stand_in));
        memcpy(c + start + strlen(stand_in), from + end, size - end);
        free(copy);
        copy = c;
        size = next;
        root = json_loadb(copy, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
        if (root)
            break;
    }
    free(copy);
    return root;
}

/* Parses 'text', which must be a JSON object. An empty body is none, on every route: those
 * whose fields are all optional (a token's name, a fork's, a run's) took one as {}, where the
 * documentation says that bodies are JSON objects. A string may hold \u0000 here
 * (JSON_ALLOW_NUL), so that the field that holds it says so by name, in words, where jansson
 * named its own option; a NUL in a key, which jansson refuses still, is said in words too.
 * '*stand_in': the root is with_stand_ins()'s, which no decoder may accept (the error for
 * that case is in 'err' already). */
static bool parse(const char *text, size_t len, json_t **root, bool *stand_in, char *err, size_t n)
{
    json_error_t e;
    *root = NULL;
    *stand_in = false;
    if (len == 0) {
        snprintf(err, n, "the request needs a JSON object as its body");
        return false;
    }
    *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
    if (!*root) {
        /* A NUL byte as it is (not \u0000) stops jansson where it meets it: "control
         * character 0x0". */
        size_t at = e.position > 0 ? (size_t)e.position : 0;
        bool raw_nul = memchr(text, '\0', at < len ? at + 1 : len) != NULL;
        if (json_error_code(&e) == json_error_null_byte_in_key ||
            json_error_code(&e) == json_error_null_character || raw_nul)
            snprintf(err, n, "request body:%d:%d: the text contains a NUL character (\\u0000)",
                     e.line, e.column);
        else
            snprintf(err, n, "request body:%d:%d: %s", e.line, e.column, e.text);
        if (json_error_code(&e) != json_error_numeric_overflow)
            return false;
        *root = with_stand_ins(text, len, e);
        *stand_in = *root != NULL;
        if (!*root)
            return false;
    }
    if (!json_is_object(*root)) {
        snprintf(err, n, "the request body must be a JSON object");
        json_decref(*root);
        *root = NULL;
        return false;
    }
    return true;
}

static bool has_control(const char *s, bool allow_newlines)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if ((*c < 0x20 && !(allow_newlines && (*c == '\n' || *c == '\r' || *c == '\t'))) ||
            *c == 0x7f)
            return true;
    return false;
}

/* The length of the character that starts 's' (valid UTF-8: jansson checked it) when it shows
 * nothing, as the scenario's names count it (text_invisible(): a space, a no-break, zero-width
 * or ideographic space, a joiner, the byte order mark), or is Unicode's line or paragraph
 * separator (which a scenario refuses as a line break, and which has_control() lets by); 0 for
 * anything else. */
static size_t space_at(const char *s)
{
    size_t len;
    uint32_t c = *s ? text_code_point(s, &len) : 0;
    return *s && (text_invisible(c) || c == 0x2028 || c == 0x2029) ? len : 0;
}

/* Whether 's' shows nothing at all (every character one that space_at() counts). */
static bool blank(const char *s)
{
    for (size_t len; *s; s += len)
        if (!(len = space_at(s)))
            return false;
    return true;
}

/* What is wrong with the spacing of the name 's' (not empty), or NULL: a blank name shows
 * nothing, and " Alpha" would read as "Alpha" wherever it is shown while being another
 * organization to share with. */
static const char *badly_spaced(const char *s)
{
    if (blank(s))
        return "must not be blank";
    size_t len, last = 0; /* the last character's space_at() */
    for (const char *c = s; *c; c += len) {
        text_code_point(c, &len);
        last = space_at(c);
    }
    return space_at(s) > 0 || last > 0 ? "must not start or end with a space" : NULL;
}

/* Whether 's' is all printable ASCII without a space, as an email address is in practice: one
 * with a character that shows nothing (a zero-width space) or looks like another (Cyrillic's
 * a) was another account that read as an existing one's in lists and audit logs. */
static bool printable_ascii(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c <= ' ' || *c >= 0x7f)
            return false;
    return true;
}

static bool take_string(const struct field *f, json_t *v, char *err, size_t n)
{
    if (!json_is_string(v)) {
        snprintf(err, n, "\"%s\" must be a string", f->key);
        return false;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) {
        snprintf(err, n, "\"%s\" must not contain a NUL character", f->key);
        return false;
    }
    /* jansson checked the UTF-8, so a character is a lead byte and its continuations. */
    bool in_characters = f->kind == NAME || f->kind == PROSE;
    size_t chars = in_characters ? text_utf8_chars(s) : 0;
    if (chars > f->max) {
        snprintf(err, n, "\"%s\" is longer than %zu characters (it has %zu)", f->key, f->max,
                 chars);
        return false;
    }
    if (!in_characters && len > f->max) {
        snprintf(err, n, "\"%s\" is longer than %zu bytes", f->key, f->max);
        return false;
    }
    bool lines = f->kind == TEXT || f->kind == PROSE;
    if (!lines && (len == 0 || has_control(s, false))) {
        snprintf(err, n, "\"%s\" must be non-empty, without control characters", f->key);
        return false;
    }
    if (lines && has_control(s, true)) {
        snprintf(err, n, "\"%s\" must not contain control characters", f->key);
        return false;
    }
    const char *spacing = f->kind == NAME ? badly_spaced(s) : NULL;
    if (spacing) {
        snprintf(err, n, "\"%s\" %s", f->key, spacing);
        return false;
    }
    if (f->kind == EMAIL && !printable_ascii(s)) {
        snprintf(err, n, "\"%s\" must be printable ASCII, without spaces", f->key);
        return false;
    }
    if (f->kind == EMAIL) {
        const char *at = strchr(s, '@');
        if (!at || at == s || !at[1] || strchr(at + 1, '@') || strpbrk(s, " \t<>,;\"")) {
            snprintf(err, n, "\"%s\" is not an email address", f->key);
            return false;
        }
    }
    *f->text = s;
    return true;
}

/* 2^53: below it a double holds every integer exactly. (Decimal: cppcheck misreads 0x1p53.) */
#define EXACT_BELOW 9007199254740992.0

/* A whole number within the field's range: an integer, or a real that is whole (100.0, 1e2:
 * JSON has one kind of number, and a client's library may write a whole one so). A real
 * from 2^53 up may be an integer rounded by the parser (9007199254740993.0 reads as ...992):
 * it is refused with its own message, so that a seed is never silently another. */
static bool take_integer(const struct field *f, json_t *v, char *err, size_t n)
{
    json_int_t x = 0;
    bool whole = json_is_integer(v);
    if (whole)
        x = json_integer_value(v);
    if (json_is_real(v)) {
        double d = json_real_value(v);
        bool exact = d > -EXACT_BELOW && d < EXACT_BELOW;
        if (exact && d == (double)(json_int_t)d) {
            x = (json_int_t)d;
            whole = true;
        } else if (!exact && d > (double)f->lo && d < (double)f->hi) {
            snprintf(err, n,
                     "\"%s\" must be written in digits alone (no decimal point or exponent) "
                     "from 9007199254740992 (2^53) up: there a real number may have been "
                     "rounded",
                     f->key);
            return false;
        }
    }
    if (!whole || x < f->lo || x > f->hi) {
        snprintf(err, n, "\"%s\" must be a whole number from %lld to %lld", f->key,
                 (long long)f->lo, (long long)f->hi);
        return false;
    }
    *f->number = x;
    return true;
}

/* Parses 'text' and takes 'fields' (count of them) from it. */
static bool decode(const char *text, size_t len, json_t **root, const struct field *fields,
                   size_t count, char *err, size_t n)
{
    bool stand_in;
    char first[256];
    if (!parse(text, len, root, &stand_in, err, n))
        return false;
    snprintf(first, sizeof first, "%s", err);
    const char *key;
    json_t *v;
    json_object_foreach(*root, key, v)
    {
        size_t i = 0;
        while (i < count && strcmp(fields[i].key, key) != 0)
            i++;
        if (i == count) {
            /* The name is the client's: 64 bytes of it, never half a character. */
            snprintf(err, n, "unknown field \"%.*s\"", (int)text_utf8_cut(key, 64), key);
            goto fail;
        }
    }
    for (size_t i = 0; i < count; i++) {
        const struct field *f = &fields[i];
        v = json_object_get(*root, f->key);
        if (f->present)
            *f->present = v && !json_is_null(v);
        if (!v || json_is_null(v)) {
            if (f->required) {
                snprintf(err, n, "\"%s\" is required", f->key);
                goto fail;
            }
            continue;
        }
        if (!(f->kind == INTEGER ? take_integer(f, v, err, n) : take_string(f, v, err, n)))
            goto fail;
    }
    if (!stand_in)
        return true;
    /* A number too big was stood in for where no field took it: jansson's words, then. */
    snprintf(err, n, "%s", first);
fail:
    json_decref(*root);
    *root = NULL;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool body_login(const char *text, size_t len, struct body_login *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"email", EMAIL, true, SERVER_EMAIL_MAX, 0, 0, &out->email, NULL, NULL},
        {"password", SECRET, true, 1024, 0, 0, &out->password, NULL, NULL},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n);
}

bool body_password(const char *text, size_t len, struct body_password *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"old_password", SECRET, true, 1024, 0, 0, &out->old_password, NULL, NULL},
        {"new_password", SECRET, true, 1024, 0, 0, &out->new_password, NULL, NULL},
    };
    if (!decode(text, len, &out->root, f, COUNT(f), err, n))
        return false;
    /* Characters, not bytes: four letters of a script written with three bytes each are four.
     * A password of spaces, or of characters that show nothing, is one a glance over a
     * shoulder reads. (The old one again is refused where it is checked.) */
    const char *why = NULL, *pw = out->new_password;
    if (text_utf8_chars(pw) < 12)
        why = "\"new_password\" must have at least 12 characters";
    else if (blank(pw))
        why = "\"new_password\" must not be only spaces or characters that show nothing";
    if (why) {
        snprintf(err, n, "%s", why);
        body_free(out->root);
        out->root = NULL;
        return false;
    }
    return true;
}

bool body_token(const char *text, size_t len, struct body_token *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"name", NAME, false, SERVER_NAME_CHARS, 0, 0, &out->name, NULL, NULL},
    };
    if (!decode(text, len, &out->root, f, COUNT(f), err, n))
        return false;
    if (!out->name)
        out->name = "token";
    return true;
}

bool body_organization(const char *text, size_t len, struct body_organization *out, char *err,
                       size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"name", NAME, true, SERVER_NAME_CHARS, 0, 0, &out->name, NULL, NULL},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n);
}

/* A role is one of three words. */
static bool known_role(json_t **root, const char *role, char *err, size_t n)
{
    if (strcmp(role, "viewer") == 0 || strcmp(role, "editor") == 0 || strcmp(role, "admin") == 0)
        return true;
    snprintf(err, n, "\"role\" must be viewer, editor or admin");
    body_free(*root);
    *root = NULL;
    return false;
}

bool body_user(const char *text, size_t len, struct body_user *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"email", EMAIL, true, SERVER_EMAIL_MAX, 0, 0, &out->email, NULL, NULL},
        {"organization", NAME, true, SERVER_NAME_CHARS, 0, 0, &out->organization, NULL, NULL},
        {"role", NAME, true, 16, 0, 0, &out->role, NULL, NULL},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n) &&
           known_role(&out->root, out->role, err, n);
}

bool body_role(const char *text, size_t len, struct body_role *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"role", NAME, true, 16, 0, 0, &out->role, NULL, NULL},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n) &&
           known_role(&out->root, out->role, err, n);
}

bool body_scenario(const char *text, size_t len, struct body_scenario *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"name", NAME, true, SERVER_NAME_CHARS, 0, 0, &out->name, NULL, NULL},
        {"yaml", TEXT, true, SERVER_YAML_MAX, 0, 0, &out->yaml, NULL, NULL},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n);
}

bool body_save(const char *text, size_t len, struct body_save *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"yaml", TEXT, true, SERVER_YAML_MAX, 0, 0, &out->yaml, NULL, NULL},
        {"message", PROSE, false, SERVER_MESSAGE_CHARS, 0, 0, &out->message, NULL, NULL},
        {"base", INTEGER, false, 0, 1, INT32_MAX, NULL, &out->base, NULL},
    };
    if (!decode(text, len, &out->root, f, COUNT(f), err, n))
        return false;
    if (!out->message)
        out->message = "";
    return true;
}

bool body_fork(const char *text, size_t len, struct body_fork *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"name", NAME, false, SERVER_NAME_CHARS, 0, 0, &out->name, NULL, NULL},
        {"revision", INTEGER, false, 0, 1, INT32_MAX, NULL, &out->revision, NULL},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n);
}

bool body_share(const char *text, size_t len, struct body_share *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"organization", NAME, true, SERVER_NAME_CHARS, 0, 0, &out->organization, NULL, NULL},
        {"access", NAME, true, 8, 0, 0, &out->access, NULL, NULL},
    };
    if (!decode(text, len, &out->root, f, COUNT(f), err, n))
        return false;
    if (strcmp(out->access, "read") != 0 && strcmp(out->access, "edit") != 0) {
        snprintf(err, n, "\"access\" must be read or edit");
        body_free(out->root);
        out->root = NULL;
        return false;
    }
    return true;
}

bool body_run(const char *text, size_t len, struct body_run *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"revision", INTEGER, false, 0, 1, INT32_MAX, NULL, &out->revision, NULL},
        {"replications", INTEGER, false, 0, 1, SERVER_REPLICATIONS_MAX, NULL, &out->replications,
         NULL},
        /* The engine's seeds are 64-bit; JSON's integers here stop at 2^63 - 1. */
        {"seed", INTEGER, false, 0, 0, INT64_MAX, NULL, &out->seed, &out->has_seed},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n);
}

bool body_validate(const char *text, size_t len, struct body_validate *out, char *err, size_t n)
{
    memset(out, 0, sizeof *out);
    const struct field f[] = {
        {"yaml", TEXT, true, SERVER_YAML_MAX, 0, 0, &out->yaml, NULL, NULL},
    };
    return decode(text, len, &out->root, f, COUNT(f), err, n);
}

void body_free(json_t *root)
{
    json_decref(root);
}
