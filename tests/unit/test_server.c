/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_server.c - the web application's parts that need no network: the line diff against
 * hand-worked cases, the request body decoders and their exact messages, the scenario access
 * rules, the route table (routes.c), the schema's migrations, tokens and passwords, the login
 * limiter, and the cache of reports.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "server/access.h"
#include "server/auth.h"
#include "server/bodies.h"
#include "server/db.h"
#include "server/diff.h"
#include "server/jobs.h"
#include "server/migrations.h"
#include "server/report_cache.h"
#include "server/routes.h"
#include "server/store_jobs.h"
#include "util/text.h"

/* The diff as one string: each line as OP TEXT, with "old/new" numbers. */
static char *diff_text(const char *a, const char *b)
{
    struct diff_line *d;
    size_t n;
    assert_true(diff_lines(a, b, &d, &n));
    char *out = calloc(1, 4096);
    for (size_t i = 0; i < n; i++) {
        char line[256];
        snprintf(line, sizeof line, "%c%.*s %zu/%zu\n", d[i].op, (int)d[i].len, d[i].text,
                 d[i].old_no, d[i].new_no);
        assert_true(text_append(out, 4096, line));
    }
    free(d);
    return out;
}

static void check_diff(const char *a, const char *b, const char *expected)
{
    char *got = diff_text(a, b);
    assert_string_equal(got, expected);
    free(got);
}

static void test_diff_cases(void **state)
{
    (void)state;
    check_diff("", "", "");
    check_diff("a\nb\n", "a\nb\n", " a 1/1\n b 2/2\n");
    check_diff("", "x\n", "+x 0/1\n");
    check_diff("x\n", "", "-x 1/0\n");
    /* One line changed in the middle. */
    check_diff("a\nb\nc\n", "a\nB\nc\n", " a 1/1\n-b 2/0\n+B 0/2\n c 3/3\n");
    /* An insertion and a deletion far apart keep the common lines between. */
    check_diff("a\nb\nc\nd\n", "a\nx\nb\nc\n", " a 1/1\n+x 0/2\n b 2/3\n c 3/4\n-d 4/0\n");
    /* A last line without its newline counts as a line. */
    check_diff("a\nb", "a\nb\nc", " a 1/1\n b 2/2\n+c 0/3\n");
    /* Myers's example from the paper: ABCABBA -> CBABAC, 5 edits (D = 5). */
    char *got = diff_text("A\nB\nC\nA\nB\nB\nA\n", "C\nB\nA\nB\nA\nC\n");
    int edits = 0, kept = 0;
    for (const char *c = got; *c; c = strchr(c, '\n') + 1) {
        edits += *c == '+' || *c == '-';
        kept += *c == ' ';
    }
    assert_int_equal(edits, 5);
    assert_int_equal(kept, 4);
    free(got);
}

/* Applying the script to the old text gives the new one, and its kept lines are as many as
 * the longest common subsequence: checked on random texts over a small alphabet. */
static void test_diff_random(void **state)
{
    (void)state;
    srand(7);
    for (int round = 0; round < 300; round++) {
        char a[128] = "", b[128] = "";
        int na = rand() % 20, nb = rand() % 20;
        for (int i = 0; i < na; i++)
            assert_true(
                text_append(a, sizeof a, (const char *[]){"p\n", "q\n", "r\n"}[rand() % 3]));
        for (int i = 0; i < nb; i++)
            assert_true(
                text_append(b, sizeof b, (const char *[]){"p\n", "q\n", "r\n"}[rand() % 3]));
        struct diff_line *d;
        size_t n;
        assert_true(diff_lines(a, b, &d, &n));
        char rebuilt_old[128] = "", rebuilt_new[128] = "";
        int kept = 0;
        for (size_t i = 0; i < n; i++) {
            if (d[i].op != '+')
                strncat(rebuilt_old, d[i].text, d[i].len),
                    text_append(rebuilt_old, sizeof rebuilt_old, "\n");
            if (d[i].op != '-')
                strncat(rebuilt_new, d[i].text, d[i].len),
                    text_append(rebuilt_new, sizeof rebuilt_new, "\n");
            kept += d[i].op == ' ';
        }
        assert_string_equal(rebuilt_old, a);
        assert_string_equal(rebuilt_new, b);
        /* The longest common subsequence by dynamic programming over the lines. */
        int lcs[21][21] = {{0}};
        for (int i = na - 1; i >= 0; i--)
            for (int j = nb - 1; j >= 0; j--)
                lcs[i][j] = a[2 * i] == b[2 * j]            ? lcs[i + 1][j + 1] + 1
                            : lcs[i + 1][j] > lcs[i][j + 1] ? lcs[i + 1][j]
                                                            : lcs[i][j + 1];
        assert_int_equal(kept, lcs[0][0]);
        free(d);
    }
}

static void check_body_error(bool (*decode)(const char *, size_t, void *, char *, size_t),
                             const char *text, const char *message)
{
    char err[256] = "";
    union {
        struct body_login login;
        struct body_run run;
        struct body_save save;
        struct body_share share;
        struct body_user user;
        struct body_role role;
        struct body_token token;
        struct body_fork fork;
    } out;
    assert_false(decode(text, strlen(text), &out, err, sizeof err));
    assert_string_equal(err, message);
}

#define DECODER(f) ((bool (*)(const char *, size_t, void *, char *, size_t))(f))

static void test_bodies(void **state)
{
    (void)state;
    char err[256];
    struct body_login login;
    const char *ok = "{\"email\": \"a@b.org\", \"password\": \"secret\"}";
    assert_true(body_login(ok, strlen(ok), &login, err, sizeof err));
    assert_string_equal(login.email, "a@b.org");
    assert_string_equal(login.password, "secret");
    body_free(login.root);

    check_body_error(DECODER(body_login), "", "the request needs a JSON object as its body");
    check_body_error(DECODER(body_login), "[1]", "the request body must be a JSON object");
    check_body_error(DECODER(body_login),
                     "{\"email\": ", "request body:1:10: unexpected token near end of file");
    check_body_error(DECODER(body_login), "{\"email\": \"a@b.org\"}", "\"password\" is required");
    check_body_error(DECODER(body_login), "{\"email\": 3, \"password\": \"x\"}",
                     "\"email\" must be a string");
    check_body_error(DECODER(body_login), "{\"email\": \"nobody\", \"password\": \"x\"}",
                     "\"email\" is not an email address");
    check_body_error(DECODER(body_login),
                     "{\"email\": \"a@b.org\", \"password\": \"x\", \"pasword\": 1}",
                     "unknown field \"pasword\"");
    /* A NUL character is said in words, by the field that holds it (jansson named its own
     * option, JSON_ALLOW_NUL), or with its place in a key. */
    check_body_error(DECODER(body_login), "{\"email\": \"a@b.org\", \"password\": \"a\\u0000b\"}",
                     "\"password\" must not contain a NUL character");
    check_body_error(DECODER(body_login), "{\"em\\u0000ail\": \"a@b.org\"}",
                     "request body:1:14: the text contains a NUL character (\\u0000)");
    char raw[] = "{\"email\": \"a\0b\"}";
    struct body_login raw_login;
    assert_false(body_login(raw, sizeof raw - 1, &raw_login, err, sizeof err));
    assert_string_equal(err, "request body:1:12: the text contains a NUL character (\\u0000)");
    check_body_error(DECODER(body_login), "{\"email\": \"a@b.org\", \"email\": \"c@d.org\"}",
                     "request body:1:28: duplicate object key near '\"email\"'");
    check_body_error(DECODER(body_run), "{\"replications\": 0}",
                     "\"replications\" must be a whole number from 1 to 1000000");
    check_body_error(DECODER(body_run), "{\"seed\": -1}",
                     "\"seed\" must be a whole number from 0 to 9223372036854775807");
    check_body_error(DECODER(body_run), "{\"revision\": 1.5}",
                     "\"revision\" must be a whole number from 1 to 2147483647");
    /* Numbers too big for the parser get their field's message, not jansson's "too big
     * integer near ..."; where no field holds one, jansson's words stay. */
    check_body_error(DECODER(body_run), "{\"seed\": 9223372036854775808}",
                     "\"seed\" must be a whole number from 0 to 9223372036854775807");
    check_body_error(DECODER(body_run), "{\"seed\": -9223372036854775809}",
                     "\"seed\" must be a whole number from 0 to 9223372036854775807");
    check_body_error(DECODER(body_run), "{\"replications\": 18446744073709551617}",
                     "\"replications\" must be a whole number from 1 to 1000000");
    check_body_error(DECODER(body_run), "{\"seed\": 1e400}",
                     "\"seed\" must be a whole number from 0 to 9223372036854775807");
    check_body_error(DECODER(body_run),
                     "{\"seed\": 1, \"replications\": 2e400, \"revision\": 99999999999999999999}",
                     "\"revision\" must be a whole number from 1 to 2147483647");
    check_body_error(DECODER(body_login), "{\"email\": 99999999999999999999}",
                     "\"email\" must be a string");
    check_body_error(DECODER(body_run), "{\"extra\": 99999999999999999999}",
                     "unknown field \"extra\"");
    /* A whole number written as a real is taken, where it cannot have been rounded. */
    check_body_error(DECODER(body_run), "{\"seed\": 1e19}",
                     "\"seed\" must be a whole number from 0 to 9223372036854775807");
    check_body_error(DECODER(body_run), "{\"seed\": 9007199254740993.0}",
                     "\"seed\" must be written in digits alone (no decimal point or exponent) "
                     "from 9007199254740992 (2^53) up: there a real number may have been "
                     "rounded");
    check_body_error(DECODER(body_run), "{\"replications\": 1e7}",
                     "\"replications\" must be a whole number from 1 to 1000000");
    check_body_error(DECODER(body_role), "{\"role\": \"owner\"}",
                     "\"role\" must be viewer, editor or admin");
    check_body_error(DECODER(body_role), "{}", "\"role\" is required");
    check_body_error(DECODER(body_share), "{\"organization\": \"UN\", \"access\": \"own\"}",
                     "\"access\" must be read or edit");
    check_body_error(DECODER(body_user),
                     "{\"email\": \"a@b.org\", \"organization\": \"UN\", \"role\": \"boss\"}",
                     "\"role\" must be viewer, editor or admin");
    check_body_error(DECODER(body_user),
                     "{\"email\": \"a@b.org\", \"organization\": \"\", \"role\": \"viewer\"}",
                     "\"organization\" must be non-empty, without control characters");
    check_body_error(DECODER(body_save), "{\"yaml\": \"a\\u0001\"}",
                     "\"yaml\" must not contain control characters");

    /* An empty run request is no JSON object, where every field is optional too; {} takes every
     * default. */
    struct body_run run;
    check_body_error(DECODER(body_run), "", "the request needs a JSON object as its body");
    check_body_error(DECODER(body_token), "", "the request needs a JSON object as its body");
    check_body_error(DECODER(body_fork), "", "the request needs a JSON object as its body");
    assert_true(body_run("{}", 2, &run, err, sizeof err));
    assert_int_equal(run.replications, 0);
    assert_false(run.has_seed);
    body_free(run.root);
    const char *seeded = "{\"seed\": 0, \"replications\": 1000000}";
    assert_true(body_run(seeded, strlen(seeded), &run, err, sizeof err));
    assert_true(run.has_seed);
    assert_int_equal(run.replications, 1000000);
    body_free(run.root);
    const char *reals[] = {"{\"replications\": 100.0, \"seed\": 9007199254740991.0}",
                           "{\"replications\": 1e2, \"seed\": 9.007199254740991e15}"};
    for (size_t i = 0; i < 2; i++) {
        assert_true(body_run(reals[i], strlen(reals[i]), &run, err, sizeof err));
        assert_int_equal(run.replications, 100);
        assert_int_equal(run.seed, 9007199254740991);
        body_free(run.root);
    }

    /* A scenario's text keeps its newlines and tabs, up to the limit. */
    struct body_save save;
    const char *text = "{\"yaml\": \"a: 1\\n\\tb: 2\\n\"}";
    assert_true(body_save(text, strlen(text), &save, err, sizeof err));
    assert_string_equal(save.yaml, "a: 1\n\tb: 2\n");
    assert_string_equal(save.message, "");
    body_free(save.root);
    size_t big = SERVER_YAML_MAX + 1;
    char *huge = malloc(big + 32);
    if (!huge) {
        fail();
        return; /* GCC's bounds check under the sanitizers sees the NULL path otherwise */
    }
    memcpy(huge, "{\"yaml\": \"", 10);
    memset(huge + 10, 'x', big);
    memcpy(huge + 10 + big, "\"}", sizeof "\"}");
    assert_false(body_save(huge, strlen(huge), &save, err, sizeof err));
    assert_string_equal(err, "\"yaml\" is longer than 524288 bytes");
    free(huge);
    /* Names are counted in characters, as a form counts them: 200 Arabic letters (400 bytes)
     * or 200 four-byte characters (800) are a name, 201 are not; an email is counted in bytes. */
    const char *letters[] = {"\xd8\xa8" /* U+0628 */, "\xf0\x9f\x8c\x8d" /* U+1F30D */};
    for (size_t k = 0; k < 2; k++) {
        char name[32 + 201 * 4] = "{\"name\": \"";
        for (int i = 0; i < 200; i++)
            assert_true(text_append(name, sizeof name, letters[k]));
        size_t open = strlen(name);
        assert_true(text_append(name, sizeof name, "\"}"));
        struct body_organization org;
        assert_true(body_organization(name, strlen(name), &org, err, sizeof err));
        assert_int_equal(text_utf8_chars(org.name), 200);
        body_free(org.root);
        name[open] = '\0';
        assert_true(text_append(name, sizeof name, letters[k]));
        assert_true(text_append(name, sizeof name, "\"}"));
        assert_false(body_organization(name, strlen(name), &org, err, sizeof err));
        assert_string_equal(err, "\"name\" is longer than 200 characters (it has 201)");
    }
    char email[300] = "{\"email\": \"";
    for (int i = 0; i < 190; i++)
        assert_true(text_append(email, sizeof email, "a"));
    assert_true(text_append(email, sizeof email,
                            "@example.org\", \"organization\": \"O\", \"role\": \"viewer\"}"));
    struct body_user user;
    assert_false(body_user(email, strlen(email), &user, err, sizeof err));
    assert_string_equal(err, "\"email\" is longer than 200 bytes");
    /* An email is printable ASCII without spaces: one with a zero-width space, or a letter of
     * another script that looks like a Latin one, was a new account that read as an existing
     * one's in lists and audit logs. */
    const char *lookalikes[] = {
        "{\"email\": \"admin@example.org\\u200b\", \"organization\": \"O\", \"role\": \"viewer\"}",
        "{\"email\": \"\\u0430dmin@example.org\", \"organization\": \"O\", \"role\": \"viewer\"}",
        "{\"email\": \"admin@ex\\u00e4mple.org\", \"organization\": \"O\", \"role\": \"viewer\"}",
        "{\"email\": \"ad min@example.org\", \"organization\": \"O\", \"role\": \"viewer\"}",
    };
    for (size_t i = 0; i < sizeof lookalikes / sizeof lookalikes[0]; i++)
        check_body_error(DECODER(body_user), lookalikes[i],
                         "\"email\" must be printable ASCII, without spaces");
    check_body_error(DECODER(body_login), "{\"email\": \"a\\u00a0@b.org\", \"password\": \"x\"}",
                     "\"email\" must be printable ASCII, without spaces");
    const char *plain =
        "{\"email\": \"o'brien+plans@example.org\", \"organization\": \"O\", "
        "\"role\": \"viewer\"}";
    assert_true(body_user(plain, strlen(plain), &user, err, sizeof err));
    assert_string_equal(user.email, "o'brien+plans@example.org");
    body_free(user.root);
}

/* Names must show something, without spaces at either end that would hide in a list; a
 * password may be anything. An unknown field's name is echoed cut on a whole character. */
static void test_bodies_names_and_utf8(void **state)
{
    (void)state;
    char err[256];
    struct body_scenario scenario;
    struct body_organization org;
    struct body_token token;
    struct body_fork fork;
    struct body_share share;
    const char *blank[] = {
        "{\"name\": \" \", \"yaml\": \"x\"}",
        "{\"name\": \"\\u00a0\\u3000\", \"yaml\": \"x\"}", /* no-break, ideographic */
        "{\"name\": \"\\u200b\", \"yaml\": \"x\"}",        /* zero-width */
        /* a soft hyphen, a word joiner, a variation selector: the scenario's list (ynode.c) */
        "{\"name\": \"\\u00ad\\u2060\\ufe0f\", \"yaml\": \"x\"}",
        /* Unicode's line and paragraph separators, which the list above leaves to the text's
         * line breaks: a name of them alone was blank before the lists were one, and is */
        "{\"name\": \"\\u2028\\u2029\", \"yaml\": \"x\"}",
    };
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
        assert_false(body_scenario(blank[i], strlen(blank[i]), &scenario, err, sizeof err));
        assert_string_equal(err, "\"name\" must not be blank");
    }
    const char *organization = "{\"name\": \"  \"}";
    assert_false(body_organization(organization, strlen(organization), &org, err, sizeof err));
    assert_string_equal(err, "\"name\" must not be blank");
    const char *named = "{\"name\": \" \"}";
    assert_false(body_token(named, strlen(named), &token, err, sizeof err));
    assert_string_equal(err, "\"name\" must not be blank");
    assert_false(body_fork(named, strlen(named), &fork, err, sizeof err));
    assert_string_equal(err, "\"name\" must not be blank");
    const char *to = "{\"organization\": \" \", \"access\": \"read\"}";
    assert_false(body_share(to, strlen(to), &share, err, sizeof err));
    assert_string_equal(err, "\"organization\" must not be blank");
    const char *spaced[] = {"{\"name\": \" Alpha\"}", "{\"name\": \"Alpha \"}",
                            "{\"name\": \"Alpha\\u00a0\"}"};
    for (size_t i = 0; i < sizeof spaced / sizeof spaced[0]; i++) {
        assert_false(body_organization(spaced[i], strlen(spaced[i]), &org, err, sizeof err));
        assert_string_equal(err, "\"name\" must not start or end with a space");
    }
    const char *fine = "{\"name\": \"Alpha Beta \\u00e9\"}";
    assert_true(body_organization(fine, strlen(fine), &org, err, sizeof err));
    assert_string_equal(org.name, "Alpha Beta \xC3\xA9");
    body_free(org.root);
    /* A password is never shown: spaces are its owner's business. */
    struct body_login login;
    const char *spaces = "{\"email\": \"a@b.org\", \"password\": \" \"}";
    assert_true(body_login(spaces, strlen(spaces), &login, err, sizeof err));
    assert_string_equal(login.password, " ");
    body_free(login.root);
    /* A new password counts characters, not bytes, and must show something. */
    struct body_password change;
    static const struct {
        const char *body, *error;
    } passwords[] = {
        {"{\"old_password\": \"x\", \"new_password\": \"            \"}",
         "\"new_password\" must not be only spaces or characters that show nothing"},
        {"{\"old_password\": \"x\", \"new_password\": \"\\u3000\\u3000\\u3000\\u3000\\u200b"
         "\\u200b\\u200b\\u200b\\u00a0\\u00a0\\u00a0\\u00a0\"}",
         "\"new_password\" must not be only spaces or characters that show nothing"},
        /* four characters of three bytes each: 12 bytes */
        {"{\"old_password\": \"x\", \"new_password\": \"\\u6f22\\u5b57\\u6f22\\u5b57\"}",
         "\"new_password\" must have at least 12 characters"},
        {"{\"old_password\": \"x\", \"new_password\": \"eleven char\"}",
         "\"new_password\" must have at least 12 characters"},
    };
    for (size_t i = 0; i < sizeof passwords / sizeof passwords[0]; i++) {
        const char *b = passwords[i].body;
        assert_false(body_password(b, strlen(b), &change, err, sizeof err));
        assert_string_equal(err, passwords[i].error);
    }
    const char *twelve = "{\"old_password\": \"x\", \"new_password\": \" twelve chars\"}";
    assert_true(body_password(twelve, strlen(twelve), &change, err, sizeof err));
    assert_string_equal(change.new_password, " twelve chars");
    body_free(change.root);
    /* 63 bytes then a two-byte character: the 64-byte cut falls inside it, and leaves it. */
    char unknown[160], expected[160];
    snprintf(unknown, sizeof unknown,
             "{\"email\": \"a@b.org\", \"password\": \"x\", \"%.63s\xC3\xA9\": 1}",
             "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
    snprintf(expected, sizeof expected, "unknown field \"%.63s\"",
             "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
    assert_false(body_login(unknown, strlen(unknown), &login, err, sizeof err));
    assert_string_equal(err, expected);
}

static void test_access_rules(void **state)
{
    (void)state;
    struct principal anon = {0};
    struct principal site = {.user_id = 1, .site_admin = true};
    struct principal viewer = {.user_id = 2, .org_id = 10, .role = ROLE_VIEWER};
    struct principal editor = {.user_id = 3, .org_id = 10, .role = ROLE_EDITOR};
    struct principal admin = {.user_id = 4, .org_id = 10, .role = ROLE_ADMIN};
    struct principal other_editor = {.user_id = 5, .org_id = 20, .role = ROLE_EDITOR};
    struct principal other_viewer = {.user_id = 6, .org_id = 20, .role = ROLE_VIEWER};
    struct {
        const struct principal *who;
        const char *shared;
        bool visible, edit, share;
    } cases[] = {
        {&anon, NULL, false, false, false},
        {&site, NULL, false, false, false},
        {&viewer, NULL, true, false, false},
        {&editor, NULL, true, true, true},
        {&admin, NULL, true, true, true},
        {&other_editor, NULL, false, false, false},
        {&other_editor, "read", true, false, false},
        {&other_editor, "edit", true, true, false},
        {&other_viewer, "edit", true, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct access a = access_decide(cases[i].who, 10, cases[i].shared);
        assert_int_equal(a.visible, cases[i].visible);
        assert_int_equal(a.edit, cases[i].edit);
        assert_int_equal(a.share, cases[i].share);
    }
}

static void test_routes(void **state)
{
    (void)state;
    const char *params[3];
    char storage[ROUTE_STORAGE];
    bool allowed;
    const struct route *r = route_find("POST", "/api/login", params, storage, &allowed);
    assert_non_null(r);
    assert_ptr_equal(r->handler, api_login);
    assert_int_equal(r->access, ROUTE_PUBLIC);
    r = route_find("DELETE", "/api/scenarios/12/shares/Red%20Cross", params, storage, &allowed);
    assert_non_null(r);
    assert_ptr_equal(r->handler, api_shares_delete);
    assert_int_equal(r->access, ROUTE_USER);
    assert_string_equal(params[0], "12");
    assert_string_equal(params[1], "Red Cross");
    /* Decoded once, after splitting: "%2F" stays inside its segment, "%2567" is "%67", and a
     * '%' without two hex digits stays as it is. */
    r = route_find("DELETE", "/api/scenarios/1/shares/A%2FB%2567%zz%4", params, storage, &allowed);
    assert_non_null(r);
    assert_string_equal(params[1], "A/B%67%zz%4");
    /* A first password may still choose its own. */
    r = route_find("POST", "/api/password", params, storage, &allowed);
    assert_int_equal(r->access, ROUTE_FIRST_PASSWORD);
    /* The path exists with other methods: a 405, not a 404. */
    assert_null(route_find("PATCH", "/api/scenarios/12", params, storage, &allowed));
    assert_true(allowed);
    assert_null(route_find("GET", "/api/scenarios/12/nothing", params, storage, &allowed));
    assert_false(allowed);
    assert_null(route_find("GET", "/api/scenarios//runs", params, storage, &allowed));
}

static void test_migrations_and_accounts(void **state)
{
    (void)state;
    char err[256];
    sqlite3 *db = db_open(":memory:", err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_current_version(db), migration_count());
    assert_int_equal(db_int_id(db, "PRAGMA foreign_keys", 0, -1), 1);
    assert_true(auth_init());

    char password[AUTH_PASSWORD_LEN + 1], hash[AUTH_HASH_LEN];
    auth_new_password(password);
    assert_int_equal(strlen(password), AUTH_PASSWORD_LEN);
    assert_true(auth_hash_password(password, hash));
    assert_memory_equal(hash, "$argon2id$", 10);
    assert_true(auth_password_matches(hash, password));
    assert_false(auth_password_matches(hash, "wrong"));

    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO organizations (name, created_at)"
                                  " VALUES ('UN', 0);"
                                  "INSERT INTO users (email, password_hash, org_id, role,"
                                  " created_at) VALUES ('a@un.org', 'h', 1, 'editor', 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct store *store = store_open(db);
    assert_non_null(store);
    char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1], seen[AUTH_TOKEN_LEN + 1];
    assert_true(auth_session_create(store, 1, 1000, token, csrf));
    assert_int_equal(strlen(token), AUTH_TOKEN_LEN);
    /* Only the token's hash is stored. */
    assert_int_equal(db_int_id(db, "SELECT length(token_hash) FROM sessions", 0, 0), 32);
    struct principal who;
    auth_identify(store, token, NULL, 1001, &who, seen);
    assert_int_equal(who.user_id, 1);
    assert_int_equal(who.role, ROLE_EDITOR);
    assert_true(who.by_cookie);
    assert_string_equal(seen, csrf);
    /* The lookup's statement was prepared once, for the connection, not for each request. */
    unsigned long prepared = store->prepared;
    auth_identify(store, token, NULL, 1002, &who, seen);
    assert_int_equal(who.user_id, 1);
    assert_int_equal(store->prepared, prepared);
    /* Expired, or another token: anonymous. */
    auth_identify(store, token, NULL, 1000 + SERVER_SESSION_S, &who, seen);
    assert_int_equal(who.user_id, 0);
    auth_identify(store, csrf, NULL, 1001, &who, seen);
    assert_int_equal(who.user_id, 0);
    /* A bearer token identifies without the cookie's CSRF duty. */
    char api[AUTH_TOKEN_LEN + 1];
    assert_true(auth_token_create(store, 1, "script", 1000, api));
    char header[80];
    snprintf(header, sizeof header, "Bearer %s", api);
    auth_identify(store, NULL, header, 5000000, &who, seen);
    assert_int_equal(who.user_id, 1);
    assert_false(who.by_cookie);

    /* The limiter: five failures for one account lock it for the window, not others. */
    for (int i = 0; i < SERVER_LOGIN_FAILURES; i++) {
        assert_int_equal(auth_login_wait(store, "a@un.org", "10.0.0.1", 2000 + i), 0);
        auth_login_failed(store, "A@UN.org", "10.0.0.1", 2000 + i);
    }
    assert_int_equal(auth_login_wait(store, "a@un.org", "10.0.0.2", 2010),
                     2000 + SERVER_LOGIN_WINDOW_S - 2010);
    assert_int_equal(auth_login_wait(store, "b@un.org", "10.0.0.2", 2010), 0);
    assert_int_equal(auth_login_wait(store, "a@un.org", "10.0.0.2", 2005 + SERVER_LOGIN_WINDOW_S),
                     0);
    auth_login_succeeded(store, "a@un.org");
    assert_int_equal(auth_login_wait(store, "a@un.org", "10.0.0.3", 2010), 0);
    store_close(store);
    sqlite3_close(db);
}

/* An organization O, its editor, a scenario and its first revision. */
/* Makes the file 'path' (a mkstemp() template) and opens it as the server's database. */
static sqlite3 *temp_database(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[256] = "";
    sqlite3 *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    return db;
}

/* Removes a database file and the two files SQLite keeps beside it in WAL mode. */
static void remove_database(const char *path)
{
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

#define ONE_REVISION                                                                               \
    "INSERT INTO organizations (name, created_at) VALUES ('O', 0);"                                \
    "INSERT INTO users (email, password_hash, org_id, role, created_at)"                           \
    " VALUES ('e@o.org', 'h', 1, 'editor', 0);"                                                    \
    "INSERT INTO scenarios (org_id, name, created_by, created_at) VALUES (1, 's', 1, 0);"          \
    "INSERT INTO revisions (scenario_id, number, yaml, author_id, created_at, message)"            \
    " VALUES (1, 1, 'a: 1', 1, 0, 'm')"

/* A file from a newer dayafter is refused, not damaged; a file at version 0 is migrated. */
static void test_migration_versions(void **state)
{
    (void)state;
    char path[] = "/tmp/dayafter-migrate-XXXXXX";
    sqlite3 *db = temp_database(path);
    assert_int_equal(db_current_version(db), migration_count());
    assert_int_equal(
        db_int_id(db, "SELECT count(*) FROM sqlite_master WHERE name = 'revisions'", 0, 0), 1);
    /* Revisions cannot be changed or removed, even by a statement the code does not make. */
    assert_int_equal(sqlite3_exec(db, ONE_REVISION, NULL, NULL, NULL), SQLITE_OK);
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "UPDATE revisions SET yaml = 'b: 2'", NULL, NULL, &msg),
                         SQLITE_OK);
    assert_string_equal(msg, "revisions are immutable");
    sqlite3_free(msg);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM revisions", NULL, NULL, &msg), SQLITE_OK);
    assert_string_equal(msg, "revisions are never deleted");
    sqlite3_free(msg);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char err[256] = "";
    assert_null(db_open(path, err, sizeof err));
    char expected[128];
    snprintf(expected, sizeof expected,
             "the database's schema is version 99, newer than this dayafter's (%d)",
             migration_count());
    assert_string_equal(err, expected);
    remove_database(path);
}

/* Migration 3 builds the runs table again (for the 'cancelled' status): a version-2 file keeps
 * every run and the CSV tables that refer to them, and counts the bytes its organizations
 * store, then goes on counting them as revisions are added. */
static void test_migration_bounded_work(void **state)
{
    (void)state;
    char path[] = "/tmp/dayafter-migrate3-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *old = NULL;
    assert_int_equal(sqlite3_open(path, &old), SQLITE_OK);
    assert_int_equal(sqlite3_exec(old, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
    for (int v = 1; v <= 2; v++)
        assert_int_equal(sqlite3_exec(old, migration_sql(v), NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(old,
                                  "INSERT INTO organizations (name, created_at) VALUES ('O', 0);"
                                  "INSERT INTO users (email, password_hash, org_id, role,"
                                  " created_at) VALUES ('e@o.org', 'h', 1, 'editor', 0);"
                                  "INSERT INTO scenarios (org_id, name, created_by, created_at)"
                                  " VALUES (1, 's', 1, 0);"
                                  "INSERT INTO revisions (scenario_id, number, yaml, author_id,"
                                  " created_at, message) VALUES (1, 1, 'a: \xC3\xA9', 1, 0, 'm');"
                                  "INSERT INTO runs (id, revision_id, org_id, requested_by,"
                                  " replications, seed, status, created_at, results)"
                                  " VALUES (7, 1, 1, 1, 10, 3, 'done', 5, '{}');"
                                  "INSERT INTO run_csv VALUES (7, 'metrics.csv', 'x');"
                                  "PRAGMA user_version = 2",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(old);
    char err[256] = "";
    sqlite3 *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_current_version(db), migration_count());
    assert_int_equal(db_int_id(db,
                               "SELECT count(*) FROM runs WHERE id = 7 AND status = 'done'"
                               " AND seed = 3 AND results = '{}'",
                               0, 0),
                     1);
    assert_int_equal(db_int_id(db, "SELECT count(*) FROM run_csv WHERE run_id = 7", 0, 0), 1);
    assert_int_equal(db_int_id(db, "SELECT count(*) FROM pragma_foreign_key_check", 0, -1), 0);
    /* The CSV tables still refer to the runs: an orphan is refused. */
    assert_int_not_equal(
        sqlite3_exec(db, "INSERT INTO run_csv VALUES (8, 'x.csv', 'x')", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(db_exec_id(db, "UPDATE runs SET status = 'cancelled' WHERE id = ?1", 7), 1);
    assert_int_equal(db_exec_id(db, "UPDATE runs SET status = 'stopped' WHERE id = ?1", 7), -1);
    /* 'a: é' is 5 bytes (not 4 characters); the next revision adds its own. */
    assert_int_equal(db_int_id(db, "SELECT stored_bytes FROM organizations WHERE id = ?1", 1, 0),
                     5);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO revisions (scenario_id, number, yaml,"
                                  " author_id, created_at, message)"
                                  " VALUES (1, 2, 'a: 22', 1, 0, 'm')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(db_int_id(db, "SELECT stored_bytes FROM organizations WHERE id = ?1", 1, 0),
                     10);
    assert_int_equal(db_int_id(db, "SELECT last_claim FROM organizations WHERE id = ?1", 1, -1), 0);
    sqlite3_close(db);
    remove_database(path);
}

/* The run queue's statements: a claim takes a queued run once; a run cancelled meanwhile says
 * so to its worker's progress and results, and keeps its cancellation; the worker's statements
 * are prepared once and used again. */
static void test_store_jobs(void **state)
{
    (void)state;
    char err[256];
    sqlite3 *db = db_open(":memory:", err, sizeof err);
    assert_non_null(db);
    assert_int_equal(sqlite3_exec(db,
                                  ONE_REVISION
                                  ";"
                                  "INSERT INTO runs (id, revision_id, org_id, requested_by,"
                                  " replications, seed, status, created_at)"
                                  " VALUES (7, 1, 1, 1, 10, 3, 'queued', 5)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct store *s = store_open(db);
    assert_non_null(s);
    assert_int_equal(store_run_claim(s, 100), 7);
    assert_int_equal(store_run_claim(s, 101), 0);
    struct store_run_input input;
    assert_true(store_run_input(s, 7, &input));
    assert_string_equal(input.yaml, "a: 1");
    assert_int_equal(input.replications, 10);
    assert_int_equal(input.seed, 3);
    assert_int_equal(input.scenario, 1);
    free(input.yaml);
    assert_int_equal(store_run_progress(s, 7, 0.5), STORE_OK);
    unsigned long prepared = s->prepared;
    assert_int_equal(db_exec_id(db, "UPDATE runs SET status = 'cancelled' WHERE id = ?1", 7), 1);
    assert_int_equal(store_run_progress(s, 7, 0.6), STORE_NOT_FOUND);
    assert_int_equal(s->prepared, prepared);
    assert_int_equal(store_run_done(s, 7, "{}", 2, 102), STORE_NOT_FOUND);
    assert_false(store_run_requeue(s, 7));
    store_run_fail(s, 7, 103, "too late");
    assert_int_equal(db_int_id(db,
                               "SELECT count(*) FROM runs WHERE id = ?1 AND status ="
                               " 'cancelled' AND error IS NULL",
                               7, 0),
                     1);
    store_close(s);
    sqlite3_close(db);
}

/* A run whose scenario cannot be read (a database that fails; here a revision the run names
 * and the file lacks) fails with the reason, rather than staying 'running' and holding its
 * organization's place in the queue until a restart. */
static void test_jobs_unreadable_input(void **state)
{
    (void)state;
    char path[] = "/tmp/dayafter-jobs-XXXXXX";
    sqlite3 *db = temp_database(path);
    assert_int_equal(sqlite3_exec(db,
                                  ONE_REVISION ";"
                                               "PRAGMA foreign_keys = OFF;"
                                               "INSERT INTO runs (id, revision_id, org_id,"
                                               " requested_by, replications, seed, status,"
                                               " created_at)"
                                               " VALUES (4, 99, 1, 1, 10, 3, 'queued', 5)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char err[256] = "";
    struct jobs *jobs = jobs_start(path, 1, 0, err, sizeof err);
    assert_non_null(jobs);
    /* The worker takes the run at once; ten seconds is far more than it needs. */
    const char *finished =
        "SELECT count(*) FROM runs WHERE id = ?1 AND status NOT IN"
        " ('queued', 'running')";
    const struct timespec pause = {0, 10000000};
    for (int tries = 0; tries < 1000 && db_int_id(db, finished, 4, 0) == 0; tries++)
        nanosleep(&pause, NULL);
    assert_int_equal(jobs_stop(jobs), 0);
    assert_int_equal(db_int_id(db,
                               "SELECT count(*) FROM runs WHERE id = ?1 AND status = 'failed'"
                               " AND error = 'the run''s scenario could not be read from the"
                               " database' AND finished_at IS NOT NULL",
                               4, 0),
                     1);
    sqlite3_close(db);
    remove_database(path);
}

/* Whether run 'run''s report is kept, as 'expected' (NULL: not kept). */
static void check_cached(int64_t run, const char *expected)
{
    char *html = NULL;
    size_t len = 0;
    bool found = report_cache_get(run, &html, &len);
    assert_int_equal(found, expected != NULL);
    if (expected) {
        assert_int_equal(len, strlen(expected));
        assert_memory_equal(html, expected, len);
    }
    free(html);
}

/* The cache of reports: a copy comes back, a run written again keeps the later text, the least
 * recently used goes first when the slots or the bytes run out, and a report larger than the
 * whole budget is not kept. */
static void test_report_cache(void **state)
{
    (void)state;
    check_cached(1, NULL);
    report_cache_put(1, "first", 5);
    check_cached(1, "first");
    report_cache_put(1, "again", 5);
    check_cached(1, "again");
    /* Fill the other slots; reading 1 makes 2 the least recently used, put out by one more. */
    char text[32];
    for (int64_t run = 2; run <= REPORT_CACHE_SLOTS; run++) {
        snprintf(text, sizeof text, "report %lld", (long long)run);
        report_cache_put(run, text, strlen(text));
    }
    check_cached(1, "again");
    report_cache_put(100, "new", 3);
    check_cached(2, NULL);
    check_cached(1, "again");
    check_cached(3, "report 3");
    check_cached(100, "new");
    /* Bytes: a report of most of the budget puts out every other but the one read last. */
    size_t big = REPORT_CACHE_BYTES - 8;
    char *large = malloc(big);
    assert_non_null(large);
    memset(large, 'x', big);
    report_cache_put(200, large, big);
    check_cached(100, "new");
    check_cached(1, NULL);
    check_cached(3, NULL);
    char *html = NULL;
    size_t len = 0;
    assert_true(report_cache_get(200, &html, &len));
    assert_int_equal(len, big);
    assert_memory_equal(html, large, big);
    free(html);
    /* Larger than the budget: not kept, and nothing put out for it. */
    free(large);
    large = malloc(REPORT_CACHE_BYTES + 1);
    assert_non_null(large);
    memset(large, 'y', REPORT_CACHE_BYTES + 1);
    report_cache_put(300, large, REPORT_CACHE_BYTES + 1);
    free(large);
    check_cached(300, NULL);
    check_cached(100, "new");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_cases),
        cmocka_unit_test(test_diff_random),
        cmocka_unit_test(test_bodies),
        cmocka_unit_test(test_bodies_names_and_utf8),
        cmocka_unit_test(test_access_rules),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_migrations_and_accounts),
        cmocka_unit_test(test_migration_versions),
        cmocka_unit_test(test_migration_bounded_work),
        cmocka_unit_test(test_store_jobs),
        cmocka_unit_test(test_jobs_unreadable_input),
        cmocka_unit_test(test_report_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
