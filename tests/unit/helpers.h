/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * helpers.h - what the unit tests share: loading scenarios from strings and files, and
 * checking diagnostics as "LINE:COLUMN: message" lines.
 */
#ifndef DA_TESTS_HELPERS_H
#define DA_TESTS_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the three headers above first. */
#include <cmocka.h>

#include "dayafter.h"

/* A path under the source tree (DAYAFTER_SOURCE_ROOT), or under its tests/data (the test
 * scenario example.yaml and its golden figures). */
const char *source_path(const char *relative);
const char *data_path(const char *relative);

/* The whole file at 'path' (NUL-terminated), or NULL; free() it. */
char *read_text_file(const char *path, size_t *len);

/* Loads the file at 'path', failing the test (with its problems) when it does not load. */
da_scenario *load_path(const char *path);

/* Loads 'yaml' named "t.yaml"; *diags (to free) receives the problems. */
da_status load_string(const char *yaml, da_diags **diags, da_scenario **out);

/* All the problems of 'diags' as "LINE:COLUMN: message\n" lines, in a static buffer. */
const char *diags_text(const da_diags *diags);

/* Asserts that loading 'yaml' fails with exactly the problems 'expected' (the diags_text
 * form). */
#define assert_problems(yaml, expected) assert_problems_at(yaml, expected, __FILE__, __LINE__)
void assert_problems_at(const char *yaml, const char *expected, const char *file, int line);

/* Asserts |got - want| <= tol, naming the expression and both values when it fails. */
#define assert_near(got, want, tol) assert_near_at((got), (want), (tol), #got, __FILE__, __LINE__)
void assert_near_at(double got, double want, double tol, const char *what, const char *file,
                    int line);

/* A complete valid scenario with every section, small enough to edit in tests: the
 * shape of tests/data/example.yaml with one area. */
extern const char *const minimal_scenario;

/* 'base' with its top-level section 'key' (from the line "key:" to the next line that is not
 * indented) replaced by 'text' (whole lines, ending with a newline); in one of four static
 * buffers used in turn, so that the result may be the base of the next calls. */
const char *with_section(const char *base, const char *key, const char *text);

/* 'base' with the first occurrence of 'from' replaced by 'to' (in a static buffer). */
const char *replace_once(const char *base, const char *from, const char *to);

/* Runs 'fn(arg)' in a child process and waits for it: its standard error in 'err' (at most
 * 'cap' - 1 bytes, NUL-terminated), the signal that ended it as the result (0 when it exited),
 * so that a test can watch an abort. */
int signal_of_child(void (*fn)(void *arg), void *arg, char *err, size_t cap);

/* The index of the input named 'path' in the analysis 'an', failing the test without one. */
int input_named(const da_analysis *an, const char *path);

/* Loads 'yaml', failing the test (with its problems) when it does not load. */
da_scenario *load_yaml_ok(const char *yaml);

/* minimal_scenario with an option that starts when milestone c is reached, c after b after a,
 * their delays uniform on [0, 100], [0, 200], [0, 300] days (the start day is their sum), an
 * uncertain population that moves nothing, and a horizon of 800 days. */
const char *chain_scenario(void);

/* minimal_scenario whose option has two contingents, paid by their countries, that join with
 * probabilities 0.5 and 0.2: 100 and 200 personnel, with no incident to lose them, over 200
 * days. */
const char *two_contingents_scenario(void);

/* The JSON of analysis 'an' (da_analysis_write_json()), failing the test if it cannot be
 * written; free() it. */
char *analysis_json(const da_analysis *an);
/* The JSON bytes of a run of 'scn' (their count in 'len'; free them). */
char *json_of_run(const da_scenario *scn, uint64_t replications, int threads, uint64_t seed,
                  size_t *len);

#endif /* DA_TESTS_HELPERS_H */
