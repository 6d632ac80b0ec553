/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dayafter.h - the public API of libdayafter.
 *
 * dayafter simulates a stabilization mission under uncertainty and compares the ways of running
 * it. This header is the only one a program needs: the command-line tool and the web server use
 * nothing else from the library.
 *
 * Conventions, once for the whole API:
 *  - Handles are opaque; every da_x_free() accepts NULL.
 *  - Functions that can fail return da_status; DA_OK is 0. Results come back through OUT
 *    parameters, which come last.
 *  - Arguments are borrowed. A returned const char * is owned by the object it came from and is
 *    valid until that object is freed.
 *  - The library never prints, never exits and never aborts on a failed allocation: it returns
 *    DA_ERR_NOMEM, and problems with the user's input go into a da_diags list.
 *  - A loaded scenario is immutable: any number of threads may read it at once.
 */
#ifndef DAYAFTER_H
#define DAYAFTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DA_API __attribute__((visibility("default")))
#else
#define DA_API
#endif

/* Status codes. Never renumbered; a retired code stays reserved. */
typedef enum da_status {
    DA_OK = 0,
    DA_ERR_NOMEM = 1,     /* an allocation failed */
    DA_ERR_IO = 2,        /* a file could not be read or written */
    DA_ERR_INPUT = 3,     /* the input is invalid; the da_diags list says where and why */
    DA_ERR_USAGE = 4,     /* the caller passed arguments the function does not accept */
    DA_ERR_LIMIT = 5,     /* the input exceeds a size limit (file, nodes, nesting) */
    DA_ERR_INTERNAL = 6,  /* a bug in dayafter */
    DA_ERR_NOTFOUND = 7,  /* a named thing (a built-in scenario, say) does not exist */
    DA_ERR_CANCELLED = 8, /* the caller's cancelled() asked to stop */
    DA_ERR_NUMERIC = 9    /* a run gave values beyond what it computes (infinite, not a
                           * number, or above 10^18); its message says which */
} da_status;

/* A short English description of 'status', such as "out of memory". Never NULL. */
DA_API const char *da_status_str(da_status status);

/* The library's version, such as "0.1.0". */
DA_API const char *da_version(void);

/* ==== Diagnostics ==========================================================================
 * A da_diags list collects the problems found in the user's input, every one of them in one
 * pass, each with the file, line and column it points at (both counted from 1). Messages are
 * lowercase, without a trailing period, and name the key, what was expected and what was
 * found. da_diags_get() returns them sorted by line and column.
 *
 * Each problem also comes as data: a stable code for its kind, the key path it is about and
 * how many characters of its line it covers. Codes are what programs should test: a message's
 * wording may improve between versions, a code's meaning does not. docs/scenario.md lists them
 * ("Problems and their codes"). Codes are never renumbered or renamed; a retired code stays
 * reserved, and da_diag_code_name() still names it. */

typedef enum da_diag_code {
    DA_DIAG_IO = 1,                   /* the file cannot be opened or read */
    DA_DIAG_FILE_TOO_LARGE = 2,       /* over DA_SCENARIO_MAX_BYTES */
    DA_DIAG_NOT_TEXT = 3,             /* a NUL byte, bytes that are not UTF-8, control chars */
    DA_DIAG_EMPTY_FILE = 4,           /* nothing in the file */
    DA_DIAG_YAML_SYNTAX = 5,          /* libyaml cannot parse it */
    DA_DIAG_YAML_TAB = 6,             /* a tab in indentation */
    DA_DIAG_YAML_ALIAS = 7,           /* an alias to no anchor */
    DA_DIAG_YAML_DOCUMENTS = 8,       /* more than one YAML document */
    DA_DIAG_YAML_LIMIT = 9,           /* nesting or nodes beyond the limits */
    DA_DIAG_KEY_NOT_STRING = 10,      /* a mapping key that is a list or a mapping */
    DA_DIAG_DUPLICATE_KEY = 11,       /* a key twice in one mapping */
    DA_DIAG_UNSUPPORTED_VERSION = 12, /* dayafter: N for another format */
    DA_DIAG_WRONG_TYPE = 13,          /* a list where a number goes, and the like */
    DA_DIAG_OUT_OF_RANGE = 14,        /* a number outside what its key allows */
    DA_DIAG_UNKNOWN_KEY = 15,         /* a key the mapping does not take */
    DA_DIAG_MISSING_KEY = 16,         /* a key that must be there is not */
    DA_DIAG_KEY_NOT_APPLICABLE = 17,  /* a known key that does not apply where it stands */
    DA_DIAG_CONFLICTING_KEYS = 18,    /* keys that exclude each other, both given */
    DA_DIAG_UNKNOWN_VALUE = 19,       /* a word that is not one of those the key takes */
    DA_DIAG_INVALID_ID = 20,          /* an id that is not a letter then letters, digits, _ - */
    DA_DIAG_INVALID_TEXT = 21,        /* text that is empty, blank or holds control characters */
    DA_DIAG_INVALID_DATE = 22,        /* a date that is not YYYY-MM-DD in the years taken */
    DA_DIAG_LIST_LENGTH = 23,         /* a list with too few or too many items */
    DA_DIAG_DUPLICATE_ITEM = 24,      /* an item listed twice */
    DA_DIAG_DUPLICATE_ID = 25,        /* two things of one kind with one id */
    DA_DIAG_UNKNOWN_REFERENCE = 26,   /* an id that names nothing of its kind */
    DA_DIAG_UNKNOWN_PARAMETER = 27,   /* a path that names no parameter or input */
    DA_DIAG_INVERTED_RANGE = 28,      /* min above max, or mode outside them */
    DA_DIAG_DIST_PARAMETER = 29,      /* a distribution's parameter outside its domain */
    DA_DIAG_DIST_OUT_OF_RANGE = 30,   /* a distribution that reaches values its key does not take */
    DA_DIAG_CYCLE = 31,               /* milestones that wait for each other */
    DA_DIAG_BAD_SUM = 32,             /* shares that do not sum to 1 */
    DA_DIAG_CONSTRAINT = 33,          /* a plan that breaks the scenario's constraints */
    DA_DIAG_BAD_EFFECT = 34,          /* an effect on a parameter that cannot take it */
    DA_DIAG_BAD_CORRELATION = 35,     /* correlations that cannot be, or cannot hold together */
    DA_DIAG_RUN_TOO_LARGE = 36,       /* a run that would need more memory or work than allowed */
    DA_DIAG_JSON_SYNTAX = 37,         /* results (for a report) that are not JSON */
    DA_DIAG_NOT_RESULTS = 38          /* JSON that is not dayafter's results */
} da_diag_code;

/* The code's stable name, such as "unknown-key" (what JSON output and docs/scenario.md use);
 * NULL for a number that is no code. */
DA_API const char *da_diag_code_name(da_diag_code code);

typedef struct da_diags da_diags;

/* Returned by value: fields are only ever added at the end. */
typedef struct da_diag {
    const char *file;    /* the name given to the loader, "<stdin>" for standard input */
    uint32_t line;       /* 1-based */
    uint32_t column;     /* 1-based, in characters */
    const char *message; /* without the location */
    da_diag_code code;   /* the kind of problem */
    const char *path;    /* the key path it is about ("areas.north.population",
                          * "correlations.0.between"), "" when none (a syntax error) */
    uint32_t span;       /* how many characters of the line from 'column' it covers, >= 1 */
} da_diag;

/* A new, empty list, or NULL when memory runs out. */
DA_API da_diags *da_diags_new(void);
DA_API void da_diags_free(da_diags *diags);
/* How many problems the list holds. */
DA_API size_t da_diags_count(const da_diags *diags);
/* How many more were found than the list keeps (it keeps the first DA_DIAGS_MAX). */
DA_API size_t da_diags_dropped(const da_diags *diags);
/* The problem at 'index' (0 <= index < da_diags_count()), in line and column order. */
DA_API da_diag da_diags_get(const da_diags *diags, size_t index);
/* Empties the list so that it can serve another load. */
DA_API void da_diags_clear(da_diags *diags);

/* A loader that finds problems keeps the text it read with the list, so that the lines can be
 * shown without reading the input again: a file, standard input or a built-in scenario alike.
 * Line 'line' (1-based, as in da_diag) of the text named 'file', without its line break, into
 * *text and *len (not NUL-terminated; valid until the list is cleared or freed); DA_OK, or
 * DA_ERR_NOTFOUND when the list keeps no such text or line. */
DA_API da_status da_diags_source_line(const da_diags *diags, const char *file, uint32_t line,
                                      const char **text, size_t *len);
/* Writes the line problem 'index' points at, indented by two spaces, and under it a caret and
 * tildes under the characters it covers (^~~~), as compilers do; a line too long for a terminal
 * is shown as a window around the problem, an empty line not at all. With 'color' the caret is
 * in ANSI green. Writes nothing and returns DA_ERR_NOTFOUND when the text is not kept;
 * DA_ERR_IO when writing fails. */
DA_API da_status da_diags_write_context(const da_diags *diags, size_t index, FILE *out, int color);

#define DA_DIAGS_MAX 500

/* ==== Scenarios ============================================================================
 * A scenario is a YAML file (docs/scenario.md). Loading reads, validates and binds it; a
 * scenario with any problem is not returned. */

typedef struct da_scenario da_scenario;

/* Limits that bound the work and memory a hostile or broken file can cause. */
#define DA_SCENARIO_MAX_BYTES (16u * 1024u * 1024u)
/* The most memory a run may use: a scenario whose run needs more on one thread (its areas x
 * days x options, mostly: the weekly series) is refused when it is loaded, with the figure;
 * a run uses no more threads than fit. */
#define DA_RUN_MAX_BYTES (4ull * 1024u * 1024u * 1024u)

/*
 * Loads the scenario in the file at 'path'. On success *out is the scenario (free it with
 * da_scenario_free) and DA_OK is returned. When the file has problems, every one of them is
 * appended to 'diags', *out is NULL and DA_ERR_INPUT is returned (DA_ERR_LIMIT for a file over
 * DA_SCENARIO_MAX_BYTES or otherwise too large, also with a diagnostic). A file that cannot be
 * opened or read gives DA_ERR_IO and a diagnostic at line 1, column 1 that quotes strerror.
 * DA_ERR_NOMEM when memory runs out.
 */
DA_API da_status da_scenario_load_file(const char *path, da_diags *diags, da_scenario **out);

/*
 * Loads a scenario from the 'len' bytes at 'text' (which need not end with a NUL byte);
 * 'file_name' is the name the diagnostics give it. Otherwise as da_scenario_load_file().
 */
DA_API da_status da_scenario_load_buffer(const char *file_name, const char *text, size_t len,
                                         da_diags *diags, da_scenario **out);

/* Loads a scenario from everything left in 'stream' (standard input, say). */
DA_API da_status da_scenario_load_stream(const char *file_name, FILE *stream, da_diags *diags,
                                         da_scenario **out);

DA_API void da_scenario_free(da_scenario *scenario);

/* The scenario's name, description ("" when absent), horizon, default replications and seed. */
DA_API const char *da_scenario_name(const da_scenario *scenario);
DA_API const char *da_scenario_description(const da_scenario *scenario);
DA_API uint32_t da_scenario_horizon_days(const da_scenario *scenario);
DA_API uint64_t da_scenario_replications(const da_scenario *scenario);
DA_API uint64_t da_scenario_seed(const da_scenario *scenario);

/* How many areas, milestones, options and donors the scenario has. */
DA_API size_t da_scenario_area_count(const da_scenario *scenario);
DA_API size_t da_scenario_milestone_count(const da_scenario *scenario);
DA_API size_t da_scenario_option_count(const da_scenario *scenario);
/* The id of option 'index' (0-based), NULL past the last. */
DA_API const char *da_scenario_option_id(const da_scenario *scenario, size_t index);
DA_API size_t da_scenario_donor_count(const da_scenario *scenario);

/* How many uncertain inputs (distributions that are not constants) the scenario has, among
 * them its chances: whether each event that may not happen does (a milestone, a pledge, a
 * contingent, a lapse, a recovery whose probability is not fixed at 0 or 1). */
DA_API size_t da_scenario_uncertain_count(const da_scenario *scenario);
/* How many of the uncertain inputs are chances. */
DA_API size_t da_scenario_chance_count(const da_scenario *scenario);
/* The uncertain inputs one at a time, in the order the analyses list them: the path of input
 * 'index' ("milestones.ceasefire.delay_days", "donors.us.pledges.0.occurs"; NULL past the last)
 * and whether it is a chance (1) or a quantity (0; also past the last). */
DA_API const char *da_scenario_input_path(const da_scenario *scenario, size_t index);
DA_API int da_scenario_input_is_chance(const da_scenario *scenario, size_t index);

/*
 * Writes a readable summary of the scenario to 'out': its areas, milestones, security and
 * humanitarian settings, donors and options, with central values and the ranges of the
 * uncertain ones. 'color' adds ANSI emphasis. DA_ERR_IO when writing fails.
 */
DA_API da_status da_scenario_write_summary(const da_scenario *scenario, FILE *out, int color);

/* ==== Running ==============================================================================
 * A run simulates every replication of a scenario, each option day by day (docs/model.md), and
 * gathers the statistics of section 8. The same scenario, seed and number of replications give
 * bit-identical results whatever the number of threads. */

typedef struct da_results da_results;

/* Called with the replications done so far and the total, from the thread that called
 * da_run(), about ten times a second. */
typedef void (*da_progress_fn)(void *ctx, uint64_t done, uint64_t total);

typedef struct da_run_options {
    uint64_t replications; /* 0: the scenario's own */
    uint64_t seed;
    int use_seed;      /* 0: the scenario's seed */
    int threads;       /* 0: one per core */
    int deterministic; /* central values, no incidents, one replication (docs/model.md 1) */
    da_progress_fn progress;
    void *progress_ctx;
    /* Asked about a hundred times a second, from the thread that called da_run(), with
     * progress_ctx: nonzero stops the run soon, and it returns DA_ERR_CANCELLED. NULL: never.
     * (Not under MPI, where every rank must finish.) */
    int (*cancelled)(void *ctx);
    /* Where a failed run says why, in one line of English (NUL-terminated, cut to fit), when
     * not NULL: which result had no usable value in how many replications (DA_ERR_NUMERIC). */
    char *message;
    size_t message_size;
    /* 0: 'replications' replications. A percentage from DA_PRECISION_MIN to 100: replications
     * in blocks of DA_PRECISION_BLOCK until the 95% interval of every headline median is
     * within that percentage of it, at most 'replications' of them (0: DA_PRECISION_CEILING);
     * the results are those of a run of the final count (docs/model.md, "Precision"). Not
     * with 'deterministic'. */
    double precision;
} da_run_options;

/* The defaults: the scenario's replications and seed, one thread per core. */
DA_API void da_run_options_init(da_run_options *options);

/* The most replications one run takes: 10^8, a few hours of the built-in scenario on one
 * core, and well within the statistics' exact sums (32-bit bin counts, 128-bit sums). */
#define DA_MAX_REPLICATIONS 100000000u

/* A run to a precision: its blocks of replications, the most replications it takes unless
 * told, and the finest precision it takes, a percentage (its medians' intervals are read
 * from sketches whose order statistics are within 0.39% of their values). */
#define DA_PRECISION_BLOCK   1000u
#define DA_PRECISION_CEILING 1000000u
#define DA_PRECISION_MIN     0.5

/*
 * Runs 'scenario' with 'options' (NULL: the defaults). On success *out holds the results (free
 * them with da_results_free, before the scenario). DA_ERR_USAGE for more than
 * DA_MAX_REPLICATIONS replications or a precision outside its range or with 'deterministic',
 * DA_ERR_NOMEM, DA_ERR_INTERNAL when a thread cannot start,
 * DA_ERR_NUMERIC when some result of some replication is not finite or beyond 10^18 (which
 * the ranges of docs/scenario.md make rare, but cannot rule out for every combination of
 * extreme values), with the reason in options->message.
 */
DA_API da_status da_run(const da_scenario *scenario, const da_run_options *options,
                        da_results **out);
DA_API void da_results_free(da_results *results);

/*
 * Writes the results as JSON (the contract of docs/schema/run-output.schema.json);
 * 'command_line' (may be NULL) is recorded in the metadata.
 */
DA_API da_status da_results_write_json(const da_results *results, FILE *out,
                                       const char *command_line);
/* Writes the tidy CSV tables (metrics, milestones, criticality, donors, series, ...) into the
 * existing directory 'dir'; the tables of metrics' values end with a unit column
 * (docs/report.md). */
DA_API da_status da_results_write_csv(const da_results *results, const char *dir);
/* The same tables one at a time, for a caller that keeps them elsewhere than in files (a
 * database, a network reply; open_memstream() gives a buffer): how many tables there are, the
 * file name of table 'index' ("metrics.csv"; NULL past the last), and table 'index' of
 * 'results' written to 'out', the same bytes as its file. DA_ERR_USAGE for an index past the
 * last, DA_ERR_IO when writing fails. */
DA_API size_t da_csv_table_count(void);
DA_API const char *da_csv_table_name(size_t index);
DA_API da_status da_results_write_csv_table(const da_results *results, size_t index, FILE *out);

/* Writes the HTML report of a run to 'out': one self-contained page (its charts, their data,
 * the assumptions with their sources, the run's metadata) that makes no network request.
 * 'json' is the text that da_results_write_json() writes ('len' bytes), from this run or saved
 * earlier; 'name' names it in messages and in the report (NULL: "<results>"). A text that is
 * not JSON, or not dayafter's results, is DA_ERR_INPUT with its problem in 'diags', at its
 * line and column. */
DA_API da_status da_report_write(const char *json, size_t len, const char *name, FILE *out,
                                 da_diags *diags);
/* Writes the comparison of the options for a terminal; 'color' adds ANSI emphasis. The table
 * fits the width of the environment's COLUMNS, else of the terminal 'out' is, else 80
 * columns: labels wrap, and options that do not fit side by side come in groups. */
DA_API da_status da_results_write_table(const da_results *results, FILE *out, int color);
/* What da_results_write_table_with() adds to the table: 'flags', any of these or 0. */
enum {
    /* below each median, its 95% interval (docs/model.md, "Monte Carlo error") */
    DA_TABLE_MC_ERROR = 1
};
DA_API da_status da_results_write_table_with(const da_results *results, FILE *out, int color,
                                             int flags);

/* ==== Metrics ==============================================================================
 * What a run measures, as the JSON's "metrics" and "area_metrics" list it and `dayafter
 * metrics` prints it: the headline metrics of each option (the keys of an option's
 * "metrics"), and the metrics of each area (its weekly series and its last day). */

typedef struct da_metric_info {
    const char *id;          /* "start_day": its key in the JSON and its name in the CSV */
    const char *label;       /* "Start day (if it starts)" */
    const char *unit;        /* "day", "persons", "USD", "share", "person-days", ... */
    const char *format;      /* how it is written: "day", "count", "money", "share", "number" */
    const char *description; /* one sentence */
    const char *better;      /* "lower", "higher" or "none" */
} da_metric_info;

/* How many headline metrics there are, and the one at 'index' (every field NULL past the
 * last); the same for the per-area metrics. */
DA_API size_t da_metric_count(void);
DA_API da_metric_info da_metric_get(size_t index);
/* The headline metric whose id is close enough to 'id' to be what a typo meant (at most two
 * edits, as the scenario's unknown keys are answered), for "did you mean"; NULL when none. */
DA_API const char *da_metric_closest(const char *id);
DA_API size_t da_area_metric_count(void);
DA_API da_metric_info da_area_metric_get(size_t index);
/* The weekly series over all areas, as `analyze --by` reads them (deployed, coverage, ...). */
DA_API size_t da_series_count(void);
DA_API da_metric_info da_series_get(size_t index);
/* Writes both lists as JSON, {"metrics": [...], "area_metrics": [...]}, each entry as in a
 * run's JSON. */
DA_API da_status da_metrics_write_json(FILE *out);

/* ==== MPI ==================================================================================
 *
 * Under `mpirun -n K` (or another MPI launcher), da_run() and da_analyze() split their work
 * across the K ranks and merge it into rank 0's, which alone should write outputs; the
 * results are the same bits for any K. Without MPI support, or outside a launcher, there is
 * one rank. */

/* Joins the MPI job when an MPI launcher started the process; call first in main(). */
DA_API void da_ranks_init(int *argc, char ***argv);
/* Leaves it; call last. */
DA_API void da_ranks_finalize(void);
/* This process's rank (0 without MPI) and the number of ranks (1). */
DA_API int da_rank(void);
DA_API int da_rank_count(void);

/* ==== Analyses: which assumptions matter ===================================================
 *
 * The inputs are the scenario's uncertain parameters, named by their paths. A method runs
 * replications of the engine at the points of its design and reports, per input, its indices
 * for one metric of one option (see docs/analysis.md). */

typedef enum da_method {
    DA_METHOD_SOBOL,
    DA_METHOD_MORRIS,
    DA_METHOD_TORNADO,
    DA_METHOD_PRIM,
    DA_METHOD_VOI /* the value of information for the choice between all options */
} da_method;

/* The comparison of a PRIM condition: METRIC > X, >= X, < X, <= X. */
typedef enum da_where { DA_WHERE_GT, DA_WHERE_GE, DA_WHERE_LT, DA_WHERE_LE } da_where;

/* When and where an input matters (sobol): indices of a weekly series (deployed, coverage,
 * security, water_coverage, food_coverage, displaced) per week, over all areas, or per area
 * on the last day (docs/analysis.md, "When and where"). */
typedef enum da_by { DA_BY_NONE, DA_BY_WEEK, DA_BY_AREA } da_by;

typedef struct da_analyze_options {
    int method;         /* da_method */
    const char *metric; /* a metric of docs/model.md section 8, e.g. "start_day"; for prim, the
                         * metric of the condition */
    const char *option; /* an option's id; NULL: the first option (voi: must be NULL) */
    uint64_t samples;   /* 0: the method's default (docs/analysis.md) */
    int where;          /* prim: the condition's comparison (da_where) ... */
    double where_value; /* ... and its value: the cases of interest are metric WHERE X */
    int box;            /* prim: 0, the box the rule chooses; I > 0, box I of the first
                         * box's peeling trajectory */
    double holdout;     /* prim: the share of the points held out (0 to 0.9; 0.3 after
                         * da_analyze_options_init()) */
    uint64_t seed;
    int use_seed; /* 0: the scenario's seed */
    int threads;  /* 0: one per core; the results are the same for any number */
    /* Groups of inputs for sobol's group indices, each "NAME=PATTERN[,PATTERN...]" (a
     * pattern is a path with '*' for any text); none: the default grouping by milestone,
     * pledge, source and area (docs/analysis.md, "Groups"). */
    const char *const *groups;
    size_t n_groups;
    int by; /* da_by; with DA_BY_WEEK or DA_BY_AREA, 'metric' is a series */
    da_progress_fn progress;
    void *progress_ctx;
    /* Where a failed analysis says why (see da_run_options.message). */
    char *message;
    size_t message_size;
} da_analyze_options;

typedef struct da_analysis da_analysis;

DA_API void da_analyze_options_init(da_analyze_options *options);
/* The method named 'name' ("sobol", "morris", "tornado", "prim", "voi"), or -1. */
DA_API int da_method_of(const char *name);
/* The name of the method 'method', or NULL when there is none of that number. */
DA_API const char *da_method_name(int method);

/* What a method takes beyond a metric (da_method_takes()): groups of inputs, --by (indices
 * per week or area), a --where condition with --box and --holdout (prim's cases of
 * interest), and one --option (without it the method compares every option). */
enum {
    DA_TAKES_GROUPS = 1 << 0,
    DA_TAKES_BY = 1 << 1,
    DA_TAKES_WHERE = 1 << 2,
    DA_TAKES_OPTION = 1 << 3
};
DA_API unsigned da_method_takes(int method);
/* The names of the methods that take all of 'takes' (0: every method), as a sentence's list:
 * "sobol, morris, tornado, prim or voi", into 'buf' (cut to fit 'cap'). */
DA_API void da_method_names(unsigned takes, char *buf, size_t cap);
/* 1 when the method 'method' takes 'what' (one DA_TAKES_*); else 0, with the usage error
 * that says which methods do into 'buf' ("--by goes with --method sobol: ..."). */
DA_API int da_method_check(int method, unsigned what, char *buf, size_t cap);
/* Runs the analysis. An unknown metric or option is DA_ERR_NOTFOUND, a scenario without
 * uncertain inputs DA_ERR_USAGE, and so is voi with an option or a scenario of one option (it
 * compares them all); DA_ERR_NUMERIC, with options->message, when some point's metric is not
 * finite or beyond 10^18. */
DA_API da_status da_analyze(const da_scenario *scenario, const da_analyze_options *options,
                            da_analysis **out);
DA_API void da_analysis_free(da_analysis *analysis);
/* What the sample size leaves in doubt (docs/analysis.md, "Honest sample sizes"), then the
 * scenario's correlations that the method ignores ("Correlated inputs"): the number of
 * warnings, warning 'index' as a sentence (NULL past the last), and the sample (-n) that would
 * answer it (0 for the correlations', which no sample answers, and past the last). */
DA_API int da_analysis_warning_count(const da_analysis *analysis);
DA_API const char *da_analysis_warning(const da_analysis *analysis, int index);
DA_API uint64_t da_analysis_warning_samples(const da_analysis *analysis, int index);
/* The sample (-n) that answers every warning; 0 without one. */
DA_API uint64_t da_analysis_recommended_samples(const da_analysis *analysis);
/* The JSON of docs/schema/analyze-output.schema.json: the inputs most influential first. */
DA_API da_status da_analysis_write_json(const da_analysis *analysis, FILE *out);
/* The inputs as a table, most influential first, at most 'rows' of them (0: all). */
DA_API da_status da_analysis_write_table(const da_analysis *analysis, FILE *out, int rows);
/* The results as one CSV table (docs/analysis.md, "CSV"): a row per input and group, or with
 * --by a row per week or area and input or group. */
DA_API da_status da_analysis_write_csv(const da_analysis *analysis, FILE *out);

/* ==== Built-in scenarios ===================================================================
 * Scenarios compiled into the library, such as "gaza". */

/* How many there are, and the name and one-line title of the one at 'index'. */
DA_API size_t da_example_count(void);
DA_API const char *da_example_name(size_t index);
DA_API const char *da_example_title(size_t index);

/*
 * The YAML text of the built-in scenario called 'name' in *text and its length in *len, or
 * DA_ERR_NOTFOUND. The text is static and ends with a NUL byte.
 */
DA_API da_status da_example_text(const char *name, const char **text, size_t *len);

/* The name of the built-in scenario that 'name', which names none, was likely meant to be:
 * the one whose name it starts alone, 3 characters at least ("kosovo" for "kosovo-1999"), or
 * one within a typo of it ("gaza2026"); NULL when none is. */
DA_API const char *da_example_closest(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* DAYAFTER_H */
