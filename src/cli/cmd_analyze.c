/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_analyze.c - `dayafter analyze [FILE] --method M --metric NAME`: which assumptions move a
 * metric of one option (Sobol' indices, Morris's elementary effects, a tornado, PRIM's boxes),
 * and what is worth finding out before choosing between the options (voi).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../output/metrics.h"
#include "../util/text.h"
#include "cli.h"

#define DEFAULT_SCENARIO "gaza"

/* Room for every metric's id, comma-separated (the registry's, from the library). */
#define METRIC_IDS_CAP 1024

static void usage(FILE *out)
{
    char ids[METRIC_IDS_CAP];
    cli_metric_ids(ids, sizeof ids);
    fprintf(out,
            "Usage: dayafter analyze [FILE] --method sobol|morris|tornado|voi --metric NAME\n"
            "       dayafter analyze [FILE] --method prim --where 'METRIC>X'\n"
            "                        [--box I] [--holdout F]\n"
            "                        [--option ID] [-n N] [--seed S] [--threads T] [--json F]\n"
            "                        [--rows R] [--report F] [--csv F] [--quiet]\n"
            "                        [--group NAME=PATTERN] [--by week|area]\n"
            "\n"
            "Finds which uncertain inputs of the scenario FILE ('-' reads standard input;\n"
            "default: the built-in '" DEFAULT_SCENARIO
            "') move a metric of one option:\n"
            "  sobol    first- and total-order Sobol' indices (Saltelli's design), with 95%%\n"
            "           bootstrap intervals, of each input and each group of inputs; N base\n"
            "           samples (default 64), N (k + g + 2) runs\n"
            "  morris   Morris's mu* and sigma; N trajectories (default 20), N (k + 1) runs\n"
            "  tornado  the metric's mean with each input at its 10th and 90th percentile and\n"
            "           the others central; N runs per setting (default 50), N (2k + 1) runs\n"
            "  prim     boxes of inputs where the --where condition holds (PRIM): the\n"
            "           peeling trajectory, the box of the largest coverage x density,\n"
            "           pasted, its restrictions with quasi-p-values (those above 0.05\n"
            "           dropped), how often 50 bootstrap resamples restrict each input, its\n"
            "           coverage and density on held-out runs; N runs (default 2000)\n"
            "  voi      what is worth finding out before choosing between all the options by\n"
            "           the metric: the expected value of perfect information, and of knowing\n"
            "           each input, milestone's day and group of inputs first (Strong et\n"
            "           al.'s regression); N runs of every option (default 1000); no --option\n"
            "where k is the number of uncertain inputs (each chance of an event among them:\n"
            "milestones.ID.occurs, ...) and g the number of groups.\n"
            "\n"
            "Options:\n"
            "  -m, --method M     sobol, morris, tornado, prim or voi\n"
            "  -M, --metric NAME  the metric ('dayafter metrics' describes them), one of:\n"
            "                     ");
    cli_print_wrapped(out, 21, ids, 80, 21);
    fprintf(out,
            "  -w, --where C      prim: the cases of interest, METRIC>X (or >=, <, <=)\n"
            "  -g, --group NAME=PATTERN[,PATTERN...]\n"
            "                     sobol and voi: a group of inputs, each PATTERN a path with\n"
            "                     '*' for any text (repeatable); without it, a group per\n"
            "                     milestone, pledge, source, training center and area\n"
            "  -B, --by week|area sobol: the indices of a weekly series (--metric deployed,\n"
            "                     coverage, security, water_coverage, food_coverage or\n"
            "                     displaced) per week over all areas, or per area on the\n"
            "                     last day: when and where each input matters\n"
            "  -b, --box I        prim: box I of the first peeling trajectory (I peels from\n"
            "                     the whole space) instead of the largest coverage x density\n"
            "  -H, --holdout F    prim: the share of the runs held out to check the boxes on\n"
            "                     (0 to 0.9; default 0.3)\n"
            "  -o, --option ID    the option (default: the first; not with voi)\n"
            "  -n, --samples N    the method's samples (above)\n"
            "  -s, --seed S       random seed (default: the scenario's)\n"
            "  -t, --threads T    worker threads (default: one per core it may run on, as\n"
            "                     taskset or mpirun binds it); the results are the same\n"
            "                     for any T\n"
            "  -j, --json F       write the results as JSON to F ('-' for standard output)\n"
            "  -c, --csv F        write the indices as one CSV table to F ('-': standard\n"
            "                     output)\n"
            "  -r, --rows R       inputs in the table (default 15; 0: all)\n"
            "  -R, --report F     write the HTML report (charts and every input) to F\n"
            "  -q, --quiet        no table and no progress bar\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status: 0 success, 1 the analysis failed, 2 bad usage or a bad scenario.\n");
}

struct analyze_args {
    const char *file, *where;
    struct cli_common common;
    const char **groups; /* --group, each as given (pointers into argv) */
    bool prim_only;      /* --box or --holdout, which go with prim */
    char where_metric[64];
    da_analyze_options options;
    int rows;
};

/* The number of a percentage, "50%" or "50 %", into *x; false for any other text. */
static bool percentage(const char *text, double *x)
{
    char number[64];
    size_t len = strlen(text);
    if (len < 2 || len >= sizeof number || text[len - 1] != '%')
        return false;
    while (len > 1 && text[len - 2] == ' ')
        len--;
    memcpy(number, text, len - 1);
    number[len - 1] = '\0';
    return cli_parse_decimal(number, x);
}

/* False, with the usage error printed, when --where's threshold on a share cannot be meant as
 * written: a percentage (50% or 50 for 0.5, which validate answers the same way in a
 * scenario), or a value the share never takes. Read as written, 'security_mean_end<50' holds
 * in every run, and prim would answer that there is nothing to find. 'text' is the threshold
 * as given, 'op' the comparison. */
static bool share_threshold(const char *metric, const char *op, const char *text, double x,
                            bool number)
{
    bool at_most_one, percent = !number && percentage(text, &x);
    if (!metric_is_share(metric, &at_most_one) || !(percent || x < 0 || (at_most_one && x > 1)))
        return true;
    const char *what = at_most_one ? "a share from 0 to 1" : "a share (1 for 100%), never below 0";
    char hint[160] = "";
    /* A bare number is a percentage as validate takes one: whole, above 1, at most 100. */
    if (percent ? x >= 0 && (!at_most_one || x <= 100) : x > 1 && x <= 100 && x == floor(x))
        snprintf(hint, sizeof hint, "; for %g%%, write '%s%s%g'", x, metric, op, x / 100);
    cli_usage_error("analyze", "--where: '%s' is %s, found %s%s", metric, what, text, hint);
    return false;
}

/* --where 'METRIC>X': the metric (a->where_metric, which becomes the analysis's), the
 * comparison and X. */
static bool parse_where(struct analyze_args *a)
{
    static const char *const ops[] = {">=", "<=", ">", "<"};
    static const int kinds[] = {DA_WHERE_GE, DA_WHERE_LE, DA_WHERE_GT, DA_WHERE_LT};
    const char *w = a->where;
    size_t name = strcspn(w, "<>");
    for (int k = 0; w[name] && k < 4; k++) {
        size_t len = strlen(ops[k]);
        if (strncmp(w + name, ops[k], len) != 0)
            continue;
        const char *threshold = w + name + len;
        threshold += strspn(threshold, " ");
        double x = 0;
        bool number = cli_parse_decimal(threshold, &x);
        while (name > 0 && w[name - 1] == ' ')
            name--;
        size_t skip = strspn(w, " ");
        if (name <= skip || name - skip >= sizeof a->where_metric)
            break;
        memcpy(a->where_metric, w + skip, name - skip);
        a->where_metric[name - skip] = '\0';
        if (!share_threshold(a->where_metric, ops[k], threshold, x, number))
            return false;
        if (!number)
            break;
        if (a->options.metric && strcmp(a->options.metric, a->where_metric) != 0) {
            cli_usage_error("analyze",
                            "--metric %s and --where on %s: prim has one metric, the "
                            "condition's",
                            a->options.metric, a->where_metric);
            return false;
        }
        a->options.metric = a->where_metric;
        a->options.where = kinds[k];
        a->options.where_value = x;
        return true;
    }
    cli_usage_error("analyze",
                    "--where: expected METRIC>X (or >=, <, <=) with a number X, "
                    "found '%s'",
                    w);
    return false;
}

/* Whether 'name' is a weekly series that --by analyses (the library's list); 'ids' gets
 * them all, comma-separated, for the message that lists them. */
static bool is_series(const char *name, char *ids, size_t cap)
{
    bool found = false;
    ids[0] = '\0';
    for (size_t k = 0; k < da_series_count(); k++) {
        const char *id = da_series_get(k).id;
        found = found || strcmp(name, id) == 0;
        size_t used = strlen(ids);
        snprintf(ids + used, cap - used, "%s%s", k ? ", " : "", id);
    }
    return found;
}

/* --holdout F: a share from 0 to 0.9 (the boxes need runs left to be found on). */
static bool parse_holdout(const char *text, double *holdout)
{
    double h;
    if (!cli_parse_decimal(text, &h) || !(h >= 0 && h <= 0.9)) {
        cli_usage_error("analyze", "--holdout: expected a share from 0 to 0.9, found '%s'", text);
        return false;
    }
    *holdout = h;
    return true;
}

/* False, with the usage error printed, when the method asks for something it does not take
 * (the library's table says what each takes) or lacks the condition it needs. */
static bool method_takes_options(struct analyze_args *a)
{
    int method = a->options.method;
    char why[256];
    if (method < 0) {
        da_method_names(0, why, sizeof why);
        cli_usage_error("analyze", "no method: give --method %s", why);
        return false;
    }
    unsigned asked[] = {a->options.by != DA_BY_NONE ? DA_TAKES_BY : 0,
                        a->options.n_groups > 0 ? DA_TAKES_GROUPS : 0,
                        a->where ? DA_TAKES_WHERE : 0};
    for (size_t k = 0; k < sizeof asked / sizeof asked[0]; k++) {
        if (asked[k] && !da_method_check(method, asked[k], why, sizeof why)) {
            cli_usage_error("analyze", "%s", why);
            return false;
        }
    }
    unsigned takes = da_method_takes(method);
    if (a->prim_only && !(takes & DA_TAKES_WHERE)) {
        da_method_names(DA_TAKES_WHERE, why, sizeof why);
        cli_usage_error("analyze", "--box and --holdout go with --method %s", why);
        return false;
    }
    if (a->options.option && !da_method_check(method, DA_TAKES_OPTION, why, sizeof why)) {
        cli_usage_error("analyze", "%s", why);
        return false;
    }
    if (!(takes & DA_TAKES_WHERE))
        return true;
    if (!a->where) {
        cli_usage_error("analyze",
                        "%s needs the cases of interest: give --where 'METRIC>X' "
                        "(or >=, <, <=)",
                        da_method_name(method));
        return false;
    }
    return parse_where(a);
}

/* An unknown --metric (or --where's): the metric it likely meant, as the scenario's unknown
 * names are answered, or else the list of them all. */
static void unknown_metric(const char *name, const char *ids)
{
    const char *near = da_metric_closest(name);
    if (near)
        cli_usage_error("analyze", "unknown metric '%s'; did you mean '%s'?", name, near);
    else
        cli_usage_error("analyze", "unknown metric '%s' (metrics: %s)", name, ids);
}

static int parse_args(int argc, char **argv, struct analyze_args *a)
{
    static const struct option longs[] = {
        CLI_COMMON_LONGS('R'),
        {"method", required_argument, NULL, 'm'},
        {"metric", required_argument, NULL, 'M'},
        {"option", required_argument, NULL, 'o'},
        {"samples", required_argument, NULL, 'n'},
        {"rows", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {"where", required_argument, NULL, 'w'},
        {"group", required_argument, NULL, 'g'},
        {"by", required_argument, NULL, 'B'},
        {"box", required_argument, NULL, 'b'},
        {"holdout", required_argument, NULL, 'H'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    da_analyze_options_init(&a->options);
    a->common =
        (struct cli_common){.command = "analyze", .seed_max = UINT64_MAX, .report_key = 'R'};
    a->options.method = -1;
    a->rows = 15;
    int c;
    uint64_t v;
    opterr = 0;
    /* There cannot be more groups than arguments. */
    a->groups = calloc((size_t)argc, sizeof *a->groups);
    if (!a->groups) {
        fprintf(stderr, "dayafter analyze: out of memory\n");
        return EXIT_RUN_FAILED;
    }
    a->options.groups = a->groups;
    while ((c = getopt_long(argc, argv, ":m:M:o:n:s:t:j:r:w:R:g:B:c:b:H:qh", longs, NULL)) != -1) {
        enum cli_option_result common = cli_common_option(&a->common, c, optarg);
        if (common == CLI_OPTION_BAD)
            return EXIT_BAD_INPUT;
        if (common == CLI_OPTION_TAKEN)
            continue;
        switch (c) {
        case 'm':
            a->options.method = da_method_of(optarg);
            if (a->options.method < 0) {
                char names[128];
                da_method_names(0, names, sizeof names);
                cli_usage_error("analyze", "--method: expected %s, found '%s'", names, optarg);
                return EXIT_BAD_INPUT;
            }
            break;
        case 'M':
            a->options.metric = optarg;
            break;
        case 'o':
            a->options.option = optarg;
            break;
        case 'n':
            if (!cli_parse_option("analyze", "samples", optarg, 2, 100000000, &v))
                return EXIT_BAD_INPUT;
            a->options.samples = v;
            break;
        case 'r':
            if (!cli_parse_count(optarg, 0, 1000000, &v)) {
                cli_usage_error("analyze", "--rows: expected a whole number, found '%s'", optarg);
                return EXIT_BAD_INPUT;
            }
            a->rows = (int)v;
            break;
        case 'w':
            a->where = optarg;
            break;
        case 'g':
            a->groups[a->options.n_groups++] = optarg;
            break;
        case 'B':
            if (strcmp(optarg, "week") == 0 || strcmp(optarg, "area") == 0) {
                a->options.by = optarg[0] == 'w' ? DA_BY_WEEK : DA_BY_AREA;
                break;
            }
            cli_usage_error("analyze", "--by: expected week or area, found '%s'", optarg);
            return EXIT_BAD_INPUT;
        case 'b':
            if (!cli_parse_option("analyze", "box", optarg, 1, 1000000, &v))
                return EXIT_BAD_INPUT;
            a->options.box = (int)v;
            a->prim_only = true;
            break;
        case 'H':
            if (!parse_holdout(optarg, &a->options.holdout))
                return EXIT_BAD_INPUT;
            a->prim_only = true;
            break;
        case 'h':
            usage(stdout);
            return -1;
        default: /* ':' (a missing value) or '?' */
            return cli_option_error("analyze", c, argv, longs);
        }
    }
    if (argc - optind > 1) {
        cli_usage_error("analyze", "one scenario file at most, found %d", argc - optind);
        return EXIT_BAD_INPUT;
    }
    if (!method_takes_options(a))
        return EXIT_BAD_INPUT;
    char ids[METRIC_IDS_CAP];
    cli_metric_ids(ids, sizeof ids);
    if (!a->options.metric) {
        cli_usage_error("analyze", "no metric: give --metric NAME, one of: %s", ids);
        return EXIT_BAD_INPUT;
    }
    if (a->options.by != DA_BY_NONE) {
        char series[256];
        if (!is_series(a->options.metric, series, sizeof series)) {
            cli_usage_error("analyze",
                            "--by %s needs a weekly series as --metric, one of: %s; "
                            "found '%s'",
                            a->options.by == DA_BY_WEEK ? "week" : "area", series,
                            a->options.metric);
            return EXIT_BAD_INPUT;
        }
    } else if (!cli_is_metric(a->options.metric)) {
        unknown_metric(a->options.metric, ids);
        return EXIT_BAD_INPUT;
    }
    a->file = optind < argc ? argv[optind] : NULL;
    if (!cli_can_write_outputs(&a->common, false, a->file))
        return EXIT_BAD_INPUT;
    a->options.seed = a->common.seed;
    a->options.use_seed = a->common.use_seed;
    a->options.threads = a->common.threads;
    return EXIT_OK;
}

/* True when the scenario has the option of --option (or none was given); else false, with
 * the usage error that names the scenario's options printed. */
static bool known_option(const da_scenario *scn, const char *option)
{
    if (!option)
        return true;
    char ids[1024] = "";
    size_t n = da_scenario_option_count(scn);
    for (size_t o = 0; o < n; o++) {
        const char *id = da_scenario_option_id(scn, o);
        if (strcmp(id, option) == 0)
            return true;
        size_t used = strlen(ids);
        snprintf(ids + used, sizeof ids - used, "%s%s", o ? ", " : "", id);
    }
    /* The one it likely meant, as the scenario's own unknown references are answered: ids
     * are case-sensitive, and 'UNMIL' is 'unmil' mistyped. */
    const char **all = calloc(n ? n : 1, sizeof *all);
    for (size_t o = 0; all && o < n; o++)
        all[o] = da_scenario_option_id(scn, o);
    const char *near = all ? text_closest(option, all, n) : NULL;
    free(all);
    if (near)
        cli_usage_error("analyze", "unknown option '%s'; did you mean '%s'?", option, near);
    else
        cli_usage_error("analyze", "unknown option '%s' (options: %s)", option, ids);
    return false;
}

/* A method that takes no --option (voi) chooses between the options: false, with the usage
 * error, for a scenario of one. */
static bool options_to_compare(const da_scenario *scn, const da_analyze_options *options)
{
    if ((da_method_takes(options->method) & DA_TAKES_OPTION) || da_scenario_option_count(scn) >= 2)
        return true;
    cli_usage_error("analyze",
                    "--method %s compares the options, and the scenario has one "
                    "('%s'): there is no choice to inform",
                    da_method_name(options->method), da_scenario_option_id(scn, 0));
    return false;
}

static da_status analysis_writer(const void *what, FILE *out)
{
    return da_analysis_write_json(what, out);
}

static da_status analysis_csv_writer(const void *what, FILE *out)
{
    return da_analysis_write_csv(what, out);
}

/* The steps of the first box's peeling trajectory past the whole space, which --box chooses
 * from; -1 when there is no box. The trajectory is the data's, known only once the runs are
 * done, and the library gives it in the JSON alone. */
static int trajectory_steps(const da_analysis *an)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    da_status st = mem ? da_analysis_write_json(an, mem) : DA_ERR_NOMEM;
    if (mem && fclose(mem) != 0)
        st = DA_ERR_NOMEM;
    json_t *root = st == DA_OK ? json_loadb(text, len, 0, NULL) : NULL;
    free(text);
    json_t *first = json_array_get(json_object_get(root, "boxes"), 0);
    json_t *trajectory = json_object_get(first, "trajectory");
    int steps = json_array_size(trajectory) > 0 ? (int)json_array_size(trajectory) - 1 : -1;
    json_decref(root);
    return steps;
}

/* False, with the usage error printed, when --box names a step past the end of the first
 * box's peeling trajectory: the box asked for does not exist, and another is not to be
 * shown in its place. */
static bool box_on_trajectory(const da_analysis *an, const da_analyze_options *options)
{
    if (options->box <= 0)
        return true;
    int steps = trajectory_steps(an);
    if (steps < 0 || options->box <= steps)
        return true;
    if (da_rank() == 0)
        cli_usage_error("analyze",
                        "--box %d: the first box's peeling trajectory has %d step%s; give "
                        "--box from 1 to %d",
                        options->box, steps, steps == 1 ? "" : "s", steps);
    return false;
}

/* The command, once its arguments are in 'a' (whose groups the caller frees). */
/* The warnings on stderr; after the last of the sample's, when there are two or more of
 * them, the sample that answers them all (the correlations' come after: no sample answers
 * them). */
static void print_warnings(const da_analysis *an)
{
    int warnings = da_analysis_warning_count(an), of_sample = 0;
    for (int w = 0; w < warnings; w++)
        of_sample += da_analysis_warning_samples(an, w) > 0;
    for (int w = 0, seen = 0; w < warnings; w++) {
        fprintf(stderr, "dayafter analyze: warning: %s\n", da_analysis_warning(an, w));
        seen += da_analysis_warning_samples(an, w) > 0;
        if (of_sample > 1 && seen == of_sample && da_analysis_warning_samples(an, w) > 0)
            fprintf(stderr, "dayafter analyze: warning: -n %" PRIu64 " answers all of them\n",
                    da_analysis_recommended_samples(an));
    }
}

static int analyze(int argc, char **argv, struct analyze_args *a)
{
    int status = parse_args(argc, argv, a);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    da_scenario *scn;
    status = cli_load(a->file, DEFAULT_SCENARIO, &scn);
    if (status != EXIT_OK)
        return status;
    if (!known_option(scn, a->options.option) || !options_to_compare(scn, &a->options)) {
        da_scenario_free(scn);
        return EXIT_BAD_INPUT;
    }
    struct cli_progress bar;
    if (cli_progress_start(&bar, a->common.quiet, "runs")) {
        a->options.progress = cli_progress;
        a->options.progress_ctx = &bar;
    }
    da_analysis *an = NULL;
    char why[512] = "";
    a->options.message = why;
    a->options.message_size = sizeof why;
    da_status st = da_analyze(scn, &a->options, &an);
    if (st == DA_ERR_NOTFOUND) { /* both were checked above: a bug if it happens */
        fprintf(stderr, "dayafter analyze: %s\n", da_status_str(st));
        da_scenario_free(scn);
        return EXIT_RUN_FAILED;
    }
    if (st == DA_ERR_USAGE || st == DA_ERR_LIMIT) { /* a limit: an -n beyond the memory */
        /* (it may quote a --group as typed) */
        fputs("dayafter analyze: ", stderr);
        cli_put_text(stderr, why[0] ? why : "the scenario has no uncertain input to analyze");
        fputc('\n', stderr);
        da_scenario_free(scn);
        return EXIT_BAD_INPUT;
    }
    if (st != DA_OK) {
        fprintf(stderr, "dayafter analyze: %s\n", why[0] ? why : da_status_str(st));
        da_scenario_free(scn);
        return EXIT_RUN_FAILED;
    }
    if (!box_on_trajectory(an, &a->options)) {
        da_analysis_free(an);
        da_scenario_free(scn);
        return EXIT_BAD_INPUT;
    }
    if (da_rank() != 0) { /* every rank has the results; rank 0 writes them */
        da_analysis_free(an);
        da_scenario_free(scn);
        return status;
    }
    print_warnings(an);
    if (!a->common.quiet && !cli_output_on_stdout(&a->common)) {
        errno = 0;
        da_status st_table = da_analysis_write_table(an, stdout, a->rows);
        if (st_table != DA_OK)
            status = cli_write_failed("analyze", "-", st_table, errno);
    }
    int st_out =
        a->common.json ? cli_write_file("analyze", a->common.json, analysis_writer, an) : EXIT_OK;
    if (st_out != EXIT_OK)
        status = st_out;
    st_out =
        a->common.csv ? cli_write_file("analyze", a->common.csv, analysis_csv_writer, an) : EXIT_OK;
    if (st_out != EXIT_OK)
        status = st_out;
    st_out = a->common.report ? cli_report_of("analyze", analysis_writer, an, a->common.report)
                              : EXIT_OK;
    if (st_out != EXIT_OK)
        status = st_out;
    da_analysis_free(an);
    da_scenario_free(scn);
    return status;
}

int cmd_analyze(int argc, char **argv)
{
    struct analyze_args a;
    memset(&a, 0, sizeof a);
    int status = analyze(argc, argv, &a);
    free(a.groups);
    return status;
}
