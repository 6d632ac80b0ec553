/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_common.c - loading scenarios and printing problems for every command (see cli.h).
 *
 * On a terminal a problem also shows the line it points at with a caret under what it is
 * about, as compilers do, from the text the loader kept (a file, standard input or a built-in
 * scenario alike); in pipes and files only the FILE:LINE:COLUMN: message lines are written, so
 * that scripts and editors can read them.
 */
#define _DEFAULT_SOURCE /* realpath(), which POSIX puts in its XSI option */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/text.h"
#include "cli.h"

bool cli_color(FILE *stream)
{
    const char *no_color = getenv("NO_COLOR");
    if (no_color && no_color[0])
        return false;
    return isatty(fileno(stream)) == 1;
}

void cli_put_text(FILE *f, const char *text)
{
    for (const char *p = text; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x20 || ch == 0x7f)
            fprintf(f, "\\x%02x", ch);
        else
            fputc(ch, f);
    }
}

/* A usage error quotes what the user typed, which may be anything: a terminal's escape
 * sequence or a line break would act on the terminal or forge a line, and an argument of a
 * hundred thousand characters would bury the message. It is cut to this many bytes, and each
 * control character is written as \xHH (cli_put_text()). */
#define USAGE_MESSAGE_MAX 1024

void cli_usage_error(const char *command, const char *fmt, ...)
{
    char message[USAGE_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int full = vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    bool cut = full >= (int)sizeof message;
    if (cut)
        message[text_utf8_cut(message, sizeof message - 1)] = '\0';
    fprintf(stderr, "dayafter%s%s: ", command ? " " : "", command ? command : "");
    cli_put_text(stderr, message);
    if (cut)
        fputs("...", stderr);
    fprintf(stderr, "\nTry 'dayafter%s%s --help'.\n", command ? " " : "", command ? command : "");
}

static bool context_always;

void cli_show_context(bool always)
{
    context_always = always;
}

void cli_print_diags(const da_diags *diags)
{
    bool tty = cli_color(stderr);
    size_t n = da_diags_count(diags);
    for (size_t i = 0; i < n; i++) {
        da_diag d = da_diags_get(diags, i);
        if (tty)
            fprintf(stderr, "\033[1m%s:%u:%u:\033[0m \033[1;31m%s\033[0m\n", d.file, d.line,
                    d.column, d.message);
        else
            fprintf(stderr, "%s:%u:%u: %s\n", d.file, d.line, d.column, d.message);
        if (tty || context_always)
            da_diags_write_context(diags, i, stderr, tty);
    }
    if (da_diags_dropped(diags))
        fprintf(stderr, "dayafter: %zu more problems not shown\n", da_diags_dropped(diags));
}

int cli_load(const char *arg, const char *builtin, da_scenario **out)
{
    *out = NULL;
    da_diags *diags = da_diags_new();
    if (!diags) {
        fprintf(stderr, "dayafter: out of memory\n");
        return EXIT_RUN_FAILED;
    }
    da_status st;
    if (!arg) {
        const char *text;
        size_t len;
        st = da_example_text(builtin, &text, &len);
        if (st == DA_OK) {
            char name[64];
            snprintf(name, sizeof name, "<built-in %s>", builtin);
            st = da_scenario_load_buffer(name, text, len, diags, out);
        }
    } else if (strcmp(arg, "-") == 0) {
        st = da_scenario_load_stream(CLI_STDIN_NAME, stdin, diags, out);
    } else {
        st = da_scenario_load_file(arg, diags, out);
    }
    cli_print_diags(diags);
    da_diags_free(diags);
    if (st == DA_OK)
        return EXIT_OK;
    if (st == DA_ERR_NOMEM) {
        fprintf(stderr, "dayafter: out of memory\n");
        return EXIT_RUN_FAILED;
    }
    return EXIT_BAD_INPUT;
}

/* "dayafter COMMAND: cannot write PATH: REASON"; false. */
static bool cannot_write(const char *command, const char *path, const char *reason)
{
    fprintf(stderr, "dayafter %s: cannot write %s: %s\n", command, path, reason);
    return false;
}

/* True when a file can be made in the directory 'dir': one of a name of its own is made and
 * removed (under mpirun every rank checks at once, and a shared name would race); else false
 * with errno set. */
static bool can_make_file_in(const char *dir)
{
    size_t cap = strlen(dir) + sizeof "/.dayafter-probe-XXXXXX";
    char *probe = malloc(cap);
    if (!probe) {
        errno = ENOMEM;
        return false;
    }
    snprintf(probe, cap, "%s/.dayafter-probe-XXXXXX", dir);
    int fd = mkstemp(probe);
    if (fd >= 0) {
        close(fd);
        unlink(probe);
    }
    free(probe);
    return fd >= 0;
}

/* The directory that 'path' names a file or a directory in, into 'dir'. */
static void parent_of(const char *path, char *dir, size_t cap)
{
    snprintf(dir, cap, "%s", path);
    char *slash = strrchr(dir, '/');
    while (slash && slash > dir && slash[1] == '\0') { /* "out/": the parent of out */
        *slash = '\0';
        slash = strrchr(dir, '/');
    }
    if (!slash)
        snprintf(dir, cap, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
}

bool cli_can_write_file(const char *command, const char *path)
{
    if (strcmp(path, "-") == 0)
        return true;
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return cannot_write(command, path, strerror(EISDIR));
        /* A pipe or a device is written as it comes: opening it now could block. */
        if (!S_ISREG(st.st_mode))
            return access(path, W_OK) == 0 || cannot_write(command, path, strerror(errno));
        /* Opened without truncating: the run's results replace it only once they exist. */
        int fd = open(path, O_WRONLY | O_APPEND);
        if (fd < 0)
            return cannot_write(command, path, strerror(errno));
        close(fd);
        return true;
    }
    /* "out/" names a directory, which a file cannot be made as (open() says so, after the run) */
    size_t len = strlen(path);
    if (len > 0 && path[len - 1] == '/')
        return cannot_write(command, path, strerror(EISDIR));
    char dir[4096];
    parent_of(path, dir, sizeof dir);
    return can_make_file_in(dir) || cannot_write(command, path, strerror(errno));
}

bool cli_can_write_dir(const char *command, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return cannot_write(command, dir, strerror(ENOTDIR));
        return can_make_file_in(dir) || cannot_write(command, dir, strerror(errno));
    }
    /* Made after the run, once there are tables to put in it: its parent must take it. */
    char parent[4096];
    parent_of(dir, parent, sizeof parent);
    return can_make_file_in(parent) || cannot_write(command, dir, strerror(errno));
}

void cli_metric_ids(char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t m = 0; m < da_metric_count(); m++) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", m ? ", " : "", da_metric_get(m).id);
    }
}

bool cli_is_metric(const char *id)
{
    for (size_t m = 0; m < da_metric_count(); m++)
        if (strcmp(id, da_metric_get(m).id) == 0)
            return true;
    return false;
}

void cli_print_wrapped(FILE *out, int col, const char *text, int width, int indent)
{
    for (bool first = true; *text; first = false) {
        int word = (int)strcspn(text, " ");
        if (!first && col + 1 + word > width) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', out);
            col++;
        }
        fprintf(out, "%.*s", word, text);
        col += word;
        text += word;
        text += strspn(text, " ");
    }
    fputc('\n', out);
}

/* What writing to standard output lost that was already reported (cli_write_failed()), so
 * that cli_finish() does not report it again. */
static bool stdout_failure_reported;

int cli_write_failed(const char *command, const char *path, da_status st, int err)
{
    bool to_stdout = strcmp(path, "-") == 0;
    fprintf(stderr, "dayafter%s%s: cannot write %s: %s\n", command ? " " : "",
            command ? command : "", to_stdout ? "standard output" : path,
            st == DA_ERR_IO && err ? strerror(err) : da_status_str(st));
    if (to_stdout)
        stdout_failure_reported = true;
    return EXIT_RUN_FAILED;
}

int cli_finish(const char *command, int status)
{
    errno = 0;
    if ((fflush(stdout) == 0 && !ferror(stdout)) || stdout_failure_reported)
        return status;
    cli_write_failed(command, "-", DA_ERR_IO, errno ? errno : EIO);
    /* Bad input outranks a lost output: it is what the user has to fix first. */
    return status == EXIT_OK ? EXIT_RUN_FAILED : status;
}

/*
 * The temporary files being written (struct output, run's tables), so that a signal that ends
 * the command (SIGINT, SIGTERM, SIGHUP) removes them instead of leaving them in the user's
 * folders. The handler only reads this table and calls unlink(), both safe in a handler; the
 * table is changed with the signals held (hold()/release()): one that comes meanwhile, in this
 * thread or another, is deferred until release(), so that a file is never made but not yet
 * listed, and an output is never half replaced (a file of several names half copied, some of
 * run's tables renamed and some not).
 */
#define TEMPORARIES_MAX 32
static char *volatile temporaries[TEMPORARIES_MAX];
static volatile sig_atomic_t holding, deferred;
static const int ending_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* Removes the temporary files, and ends the command by 'sig' at its default action, so that
 * its exit status says so (130 for SIGINT, 143 for SIGTERM). */
static void end_by(int sig)
{
    for (size_t i = 0; i < TEMPORARIES_MAX; i++) {
        char *name = temporaries[i];
        if (name)
            unlink(name);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_ending_signal(int sig)
{
    if (holding)
        deferred = sig;
    else
        end_by(sig);
}

void cli_remove_temporaries_on_signals(void)
{
    for (size_t i = 0; i < sizeof ending_signals / sizeof ending_signals[0]; i++) {
        struct sigaction old, sa = {.sa_handler = on_ending_signal, .sa_flags = SA_RESTART};
        sigemptyset(&sa.sa_mask);
        /* A signal ignored (nohup's SIGHUP) stays ignored. */
        if (sigaction(ending_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(ending_signals[i], &sa, NULL);
    }
}

/* Held and released in pairs, which nest: run's tables are renamed held, each as an output. */
static void hold(void)
{
    holding++;
}

static void release(void)
{
    if (--holding == 0 && deferred)
        end_by(deferred);
}

/* mkstemp() of 'name', a template that stays allocated until temporary_end(), listed for the
 * signals' handler; the file's descriptor, or -1 with errno set. */
static int temporary_make(char *name)
{
    hold();
    int fd = -1;
    for (size_t i = 0; i < TEMPORARIES_MAX; i++)
        if (!temporaries[i]) {
            fd = mkstemp(name);
            if (fd >= 0)
                temporaries[i] = name;
            break;
        }
    int err = fd < 0 && errno == 0 ? EMFILE : errno;
    release();
    errno = err;
    return fd;
}

/* Takes 'name' off the list (once renamed or removed: call it held). */
static void temporary_forget(const char *name)
{
    for (size_t i = 0; i < TEMPORARIES_MAX; i++)
        if (temporaries[i] == name)
            temporaries[i] = NULL;
}

/*
 * An output being written: standard output; or a file, whose new content goes first to a
 * temporary file of its own, ".dayafter-XXXXXX" in the file's folder (a short name, which fits
 * whatever the length of the file's own), so that a failure - a full disk, a file too large, a
 * report of bad input - leaves the file that was there as it was:
 *  - a regular file of one name, or a new one, is replaced by renaming the temporary over it;
 *  - a symbolic link to a regular file: the file it points to is replaced so, and the link is
 *    kept (renaming over the link would replace the link with a file);
 *  - a regular file of several names (hard links, which a rename would part from it): once the
 *    temporary is whole, its content is copied into the file in place, so that every name sees
 *    it; only a failure of that copy itself (rare: the space was just taken) can leave it cut;
 * and, as it is, anything else: a device, a pipe, a dangling link (written through, making the
 * file it names), and a file in a folder that takes no new file.
 */
struct output {
    const char *command, *path;
    FILE *f;
    char *tmp;    /* the temporary file's name; NULL when written in place */
    char *target; /* the file the temporary replaces: 'path', or where its link points */
    bool copy;    /* a file of several names: copied into, not renamed over */
};

/* The file mode a new file gets, as fopen() would make it. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* A temporary file's name in the folder of the file 'path', "DIR/.dayafter-XXXXXX" (for
 * mkstemp()), malloc()ed; NULL when out of memory. */
static char *temporary_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0; /* with its slash */
    size_t cap = dir_len + sizeof ".dayafter-XXXXXX";
    char *name = malloc(cap);
    if (name) {
        memcpy(name, path, dir_len);
        memcpy(name + dir_len, ".dayafter-XXXXXX", sizeof ".dayafter-XXXXXX");
    }
    return name;
}

/* Opens o->f for 'path' of 'command'; false, with errno set, when it cannot be. */
static bool output_open(struct output *o, const char *command, const char *path)
{
    *o = (struct output){.command = command, .path = path};
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        return true;
    }
    struct stat st;
    bool exists = lstat(path, &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) {
        /* A link to a regular file: that file is the one to replace. A dangling link, or one
         * to anything else, is written through below. */
        struct stat to;
        if (stat(path, &to) == 0 && S_ISREG(to.st_mode)) {
            o->target = realpath(path, NULL);
            st = to;
        }
    } else if (!exists || S_ISREG(st.st_mode)) {
        o->target = strdup(path);
    }
    if (o->target) {
        o->copy = exists && st.st_nlink > 1;
        o->tmp = temporary_name_for(o->target);
        errno = 0;
        int fd = o->tmp ? temporary_make(o->tmp) : -1;
        /* The replacement keeps the permissions of what it replaces (mkstemp() makes 0600). */
        if (fd >= 0 && fchmod(fd, exists ? st.st_mode & 07777 : new_file_mode()) == 0 &&
            (o->f = fdopen(fd, "w")) != NULL)
            return true;
        if (fd >= 0) {
            close(fd);
            hold();
            unlink(o->tmp);
            temporary_forget(o->tmp);
            release();
        }
        free(o->tmp);
        free(o->target);
        o->tmp = o->target = NULL;
    }
    o->f = fopen(path, "w");
    return o->f != NULL;
}

/* Copies the whole file 'from' into the file 'to' in place (its names and inode kept); false,
 * with errno set, when it cannot. */
static bool copy_into(const char *from, const char *to)
{
    int in = open(from, O_RDONLY);
    if (in < 0)
        return false;
    int out = open(to, O_WRONLY | O_TRUNC);
    bool ok = out >= 0;
    char buf[65536];
    while (ok) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        for (ssize_t done = 0; ok && done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            ok = w > 0;
            if (w == 0)
                errno = ENOSPC;
            done += w > 0 ? w : 0;
        }
    }
    int err = errno;
    if (out >= 0 && close(out) != 0 && ok) {
        ok = false;
        err = errno;
    }
    close(in);
    errno = err;
    return ok;
}

/* Closes the stream of the output that 'st' says how writing went; its status, now with what
 * closing lost, the error in *err. */
static da_status output_flush(struct output *o, da_status st, int *err)
{
    bool to_stdout = o->f == stdout;
    errno = 0;
    if ((to_stdout ? fflush(o->f) : fclose(o->f)) != 0 && st == DA_OK) {
        st = DA_ERR_IO;
        *err = errno;
    }
    o->f = NULL;
    return st;
}

/* Ends the output flushed with status 'st': the temporary file renamed into place (or copied
 * into it) when 'st' is DA_OK, else removed. Returns the status, *err set on a new failure. */
static da_status output_commit(struct output *o, da_status st, int *err)
{
    if (o->tmp) {
        hold(); /* a signal now would leave a file of several names half copied */
        if (st == DA_OK &&
            !(o->copy ? copy_into(o->tmp, o->target) : rename(o->tmp, o->target) == 0)) {
            st = DA_ERR_IO;
            *err = errno;
        }
        if (st != DA_OK || o->copy)
            unlink(o->tmp);
        temporary_forget(o->tmp);
        release();
        free(o->tmp);
        free(o->target);
        o->tmp = o->target = NULL;
    }
    return st;
}

/* Ends the output that 'st' says how writing went (output_flush(), output_commit()); the
 * problem printed. Returns the exit status. */
static int output_close(struct output *o, da_status st)
{
    int err = errno;
    st = output_commit(o, output_flush(o, st, &err), &err);
    return st == DA_OK ? EXIT_OK : cli_write_failed(o->command, o->path, st, err);
}

int cli_write_files(const char *command, const char *dir, size_t n,
                    const char *(*name)(size_t index), cli_file_writer write, const void *what)
{
    struct output *outs = calloc(n, sizeof *outs);
    char **paths = calloc(n, sizeof *paths);
    da_status st = outs && paths ? DA_OK : DA_ERR_NOMEM;
    int err = 0, status = EXIT_OK;
    size_t opened = 0, failed = n; /* the output that failed, n for none */
    /* Each file whole in its temporary, before any is put in place. */
    for (size_t i = 0; i < n && st == DA_OK; i++) {
        size_t cap = strlen(dir) + strlen(name(i)) + 2;
        paths[i] = malloc(cap);
        if (!paths[i]) {
            st = DA_ERR_NOMEM;
            break;
        }
        snprintf(paths[i], cap, "%s/%s", dir, name(i));
        if (!output_open(&outs[i], command, paths[i])) {
            cannot_write(command, paths[i], strerror(errno));
            status = EXIT_BAD_INPUT;
            st = DA_ERR_IO;
            failed = n + 1; /* reported */
            break;
        }
        opened++;
        errno = 0;
        st = write(what, i, outs[i].f);
        err = errno;
        st = output_flush(&outs[i], st, &err);
        if (st != DA_OK)
            failed = i;
    }
    /* Then all of them at once, signals held; or none, and the old files are as they were. */
    hold();
    for (size_t i = 0; i < opened; i++) {
        da_status put = output_commit(&outs[i], st, &err);
        if (put != DA_OK && st == DA_OK) { /* a rename that failed: the rest are removed */
            st = put;
            failed = i;
        }
    }
    release();
    if (failed < n)
        status = cli_write_failed(command, paths[failed], st, err);
    else if (st != DA_OK && failed == n)
        status = cli_write_failed(command, dir, st, err);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    free(outs);
    return status;
}

int cli_write_file(const char *command, const char *path, cli_writer write, const void *what)
{
    struct output out;
    if (!output_open(&out, command, path)) {
        cannot_write(command, path, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    errno = 0;
    return output_close(&out, write(what, out.f));
}

int cli_report_of(const char *command, cli_writer write, const void *what, const char *path)
{
    char *json = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&json, &len);
    da_status st = mem ? write(what, mem) : DA_ERR_NOMEM;
    if (mem && fclose(mem) != 0 && st == DA_OK)
        st = DA_ERR_NOMEM;
    if (st != DA_OK) {
        free(json);
        fprintf(stderr, "dayafter %s: cannot make the report: %s\n", command, da_status_str(st));
        return EXIT_RUN_FAILED;
    }
    int status = cli_write_report(command, json, len, NULL, path);
    free(json);
    return status;
}

/* A page made in memory, for cli_write_file(). */
struct page {
    const char *text;
    size_t len;
};

static da_status page_writer(const void *what, FILE *out)
{
    const struct page *page = what;
    if (fwrite(page->text, 1, page->len, out) != page->len || fflush(out) != 0)
        return DA_ERR_IO;
    return DA_OK;
}

int cli_write_report(const char *command, const char *json, size_t len, const char *name,
                     const char *path)
{
    da_diags *diags = da_diags_new();
    char *html = NULL;
    size_t html_len = 0;
    FILE *mem = diags ? open_memstream(&html, &html_len) : NULL;
    if (!mem) {
        da_diags_free(diags);
        fprintf(stderr, "dayafter: out of memory\n");
        return EXIT_RUN_FAILED;
    }
    /* Made in memory first: results that are not dayafter's are refused before the output is
     * opened, which a pipe would wait on and a file would be replaced by. */
    da_status st = da_report_write(json, len, name, mem, diags);
    if (fclose(mem) != 0 && st == DA_OK)
        st = DA_ERR_NOMEM;
    cli_print_diags(diags);
    da_diags_free(diags);
    int status;
    if (st == DA_OK) {
        struct page page = {html, html_len};
        status = cli_write_file(command, path, page_writer, &page);
    } else if (st == DA_ERR_INPUT) {
        status = EXIT_BAD_INPUT;
    } else {
        fprintf(stderr, "dayafter %s: cannot make the report: %s\n", command, da_status_str(st));
        status = EXIT_RUN_FAILED;
    }
    free(html);
    return status;
}

bool cli_parse_count(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    /* Digits only: strtoull() skips leading spaces and takes a sign, and negates what follows
     * a '-', so that ' -1' was read as 18446744073709551615. */
    if (!isdigit((unsigned char)text[0]))
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

bool cli_parse_decimal(const char *text, double *out)
{
    /* The forms strtod() takes beyond decimals (hexadecimal '0x10', 'inf', 'nan', leading
     * spaces) are refused, as the scenario format refuses them: --precision 0x10 was 16. */
    const char *c = text + (*text == '+' || *text == '-');
    size_t digits = strspn(c, "0123456789");
    c += digits;
    if (*c == '.') {
        size_t after = strspn(c + 1, "0123456789");
        digits += after;
        c += 1 + after;
    }
    if (digits == 0)
        return false;
    if (*c == 'e' || *c == 'E') {
        c += 1 + (c[1] == '+' || c[1] == '-');
        size_t exponent = strspn(c, "0123456789");
        if (exponent == 0)
            return false;
        c += exponent;
    }
    if (*c)
        return false;
    errno = 0;
    double v = strtod(text, NULL);
    if (errno || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool cli_parse_option(const char *command, const char *option, const char *text, uint64_t lo,
                      uint64_t hi, uint64_t *out)
{
    if (cli_parse_count(text, lo, hi, out))
        return true;
    cli_usage_error(command,
                    "--%s: expected a whole number from %" PRIu64 " to %" PRIu64 ", found '%s'",
                    option, lo, hi, text);
    return false;
}

enum cli_option_result cli_common_option(struct cli_common *c, int key, const char *arg)
{
    uint64_t v;
    if (key == 's') {
        if (!cli_parse_option(c->command, "seed", arg, 0, c->seed_max, &c->seed))
            return CLI_OPTION_BAD;
        c->use_seed = 1;
    } else if (key == 't') {
        if (!cli_parse_option(c->command, "threads", arg, 1, 256, &v))
            return CLI_OPTION_BAD;
        c->threads = (int)v;
    } else if (key == 'j') {
        c->json = cli_output_name(arg);
    } else if (key == 'c') {
        c->csv = cli_output_name(arg);
    } else if (key == c->report_key) {
        c->report = cli_output_name(arg);
    } else if (key == 'q') {
        c->quiet = true;
    } else {
        return CLI_OPTION_OTHER;
    }
    return CLI_OPTION_TAKEN;
}

const char *cli_output_name(const char *arg)
{
    /* Standard output by another name: the table, written through the stdout stream, and the
     * output, written to the same descriptor by a stream of its own, ran together, and two
     * outputs there were not refused. */
    static const char *const names[] = {"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(arg, names[i]) == 0)
            return "-";
    return arg;
}

bool cli_output_on_stdout(const struct cli_common *c)
{
    return (c->json && strcmp(c->json, "-") == 0) || (c->csv && strcmp(c->csv, "-") == 0) ||
           (c->report && strcmp(c->report, "-") == 0);
}

/* Whether 'a' and 'b' name one entry of one directory that exists: "./out/x.json" and
 * "out/x.json" before either file is written. */
static bool same_place(const char *a, const char *b)
{
    const char *slash_a = strrchr(a, '/'), *slash_b = strrchr(b, '/');
    const char *base_a = slash_a ? slash_a + 1 : a, *base_b = slash_b ? slash_b + 1 : b;
    if (!base_a[0] || strcmp(base_a, base_b) != 0)
        return false;
    /* each directory's name: "." without a slash, "/" for a file at the root */
    char *dir_a = slash_a ? strndup(a, slash_a == a ? 1 : (size_t)(slash_a - a)) : strdup(".");
    char *dir_b = slash_b ? strndup(b, slash_b == b ? 1 : (size_t)(slash_b - b)) : strdup(".");
    struct stat sa, sb;
    bool same = dir_a && dir_b && stat(dir_a, &sa) == 0 && stat(dir_b, &sb) == 0 &&
                sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    free(dir_a);
    free(dir_b);
    return same;
}

/* The name that writing to 'path' makes a file of, malloc()ed: 'path', or for a dangling
 * symbolic link (a chain of them) the name it points to, read from the link's own folder; NULL
 * when out of memory. */
static char *dangling_target(const char *path)
{
    char *name = strdup(path);
    struct stat st;
    /* At most as many links as the system follows (SYMLOOP_MAX is 40 on Linux). */
    for (int hops = 0; name && hops < 40 && lstat(name, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
        char to[4096];
        ssize_t n = readlink(name, to, sizeof to - 1);
        if (n < 0)
            break;
        to[n] = '\0';
        const char *slash = strrchr(name, '/');
        size_t dir = to[0] == '/' || !slash ? 0 : (size_t)(slash - name) + 1;
        char *next = malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, name, dir);
            memcpy(next + dir, to, (size_t)n + 1);
        }
        free(name);
        name = next;
    }
    return name;
}

/* Whether the outputs 'a' and 'b' (neither '-') are one file: the same name, two names of one
 * file that exists (a link, "./x" and "x"), or of one that does not yet, in one directory,
 * a dangling symbolic link naming the file that it would make. */
bool cli_same_file(const char *a, const char *b)
{
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false;
    if (strcmp(a, b) == 0)
        return true;
    struct stat sa, sb;
    bool a_is = stat(a, &sa) == 0, b_is = stat(b, &sb) == 0;
    if (a_is && b_is)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (a_is || b_is)
        return false;
    char *to_a = dangling_target(a), *to_b = dangling_target(b);
    bool same = to_a && to_b && (strcmp(to_a, to_b) == 0 || same_place(to_a, to_b));
    free(to_a);
    free(to_b);
    return same;
}

/* False, with the usage error printed, when a table that run's --csv DIR writes (DIR/NAME.csv)
 * is the file of --json or --report, or the scenario the command reads: the tables' fixed
 * names would replace it without a word. */
static bool tables_usage(const struct cli_common *c, const char *input)
{
    const char *names[2] = {"--json", "--report"};
    const char *paths[2] = {c->json, c->report};
    for (size_t t = 0; t < da_csv_table_count(); t++) {
        const char *table = da_csv_table_name(t);
        size_t cap = strlen(c->csv) + strlen(table) + 2;
        char *path = malloc(cap);
        if (!path)
            return true; /* the tables' own writing reports the shortage */
        snprintf(path, cap, "%s/%s", c->csv, table);
        for (int i = 0; i < 3; i++) {
            const char *other = i < 2 ? paths[i] : input;
            if (!other || !cli_same_file(path, other))
                continue;
            if (i < 2)
                cli_usage_error(c->command,
                                "%s %s is the table %s that --csv %s writes: one would replace "
                                "the other; give each its own file",
                                names[i], other, table, c->csv);
            else
                cli_usage_error(c->command,
                                "--csv %s writes %s, the scenario it reads, which it would "
                                "replace; give the tables a directory of their own",
                                c->csv, path);
            free(path);
            return false;
        }
        free(path);
    }
    return true;
}

/* False, with the usage error printed, when '-' is given where it cannot be: as the directory
 * of run's tables, or to more than one output, whose texts would run together in standard
 * output; and when an output is named by an empty name, or two name one file, or one names the
 * file 'input' that the command reads. */
static bool outputs_usage(const struct cli_common *c, bool csv_dir, const char *input)
{
    if (csv_dir && c->csv && strcmp(c->csv, "-") == 0) {
        cli_usage_error(c->command,
                        "--csv: the tables go into a directory, and '-' (standard output) is "
                        "none; a directory named '-' is './-'");
        return false;
    }
    /* Each output by its option, in the order of the messages. */
    const char *names[3] = {"--json", "--report", "--csv"};
    const char *paths[3] = {c->json, c->report, c->csv};
    for (int i = 0; i < 3; i++) {
        /* "" passed the checks below as a file in "." and failed only once the run was done */
        if (paths[i] && !paths[i][0]) {
            bool dir = csv_dir && i == 2;
            cli_usage_error(c->command, "%s: expected a %s, found ''", names[i],
                            dir ? "directory" : "file name ('-' for standard output)");
            return false;
        }
    }
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (paths[i] && paths[j] && cli_same_file(paths[i], paths[j])) {
                cli_usage_error(c->command,
                                "%s and %s both write %s: the second would replace the "
                                "first; give each its own file",
                                names[i], names[j], paths[j]);
                return false;
            }
    if (csv_dir && c->csv && !tables_usage(c, input))
        return false;
    /* (run's --csv is a directory: a file there, the scenario included, is "not a directory") */
    for (int i = 0; i < (csv_dir ? 2 : 3); i++)
        if (paths[i] && input && cli_same_file(paths[i], input)) {
            cli_usage_error(c->command,
                            "%s writes %s, the scenario it reads, which it would replace; give "
                            "it a file of its own",
                            names[i], paths[i]);
            return false;
        }
    const char *on_stdout[3];
    int n = 0;
    if (c->json && strcmp(c->json, "-") == 0)
        on_stdout[n++] = "--json";
    if (c->csv && strcmp(c->csv, "-") == 0)
        on_stdout[n++] = "--csv";
    if (c->report && strcmp(c->report, "-") == 0)
        on_stdout[n++] = "--report";
    if (n > 1) {
        cli_usage_error(c->command,
                        "%s - and %s -: one output at most goes to standard output; give the "
                        "other a file",
                        on_stdout[0], on_stdout[1]);
        return false;
    }
    return true;
}

bool cli_can_write_outputs(const struct cli_common *c, bool csv_dir, const char *input)
{
    return outputs_usage(c, csv_dir, input) &&
           (!c->json || cli_can_write_file(c->command, c->json)) &&
           (!c->report || cli_can_write_file(c->command, c->report)) &&
           (!c->csv || (csv_dir ? cli_can_write_dir(c->command, c->csv)
                                : cli_can_write_file(c->command, c->csv)));
}

/* Whether 'word', "--name=value", gives a value to a long option of 'longs' that takes none
 * and whose key is 'key': what getopt_long() reports as it reports an unknown letter. */
static bool long_given_value(const char *word, int key, const struct option *longs)
{
    const char *eq = strchr(word, '=');
    if (strncmp(word, "--", 2) != 0 || !eq)
        return false;
    size_t len = (size_t)(eq - word - 2);
    for (const struct option *o = longs; o->name; o++)
        if (o->val == key && o->has_arg == no_argument && strncmp(o->name, word + 2, len) == 0)
            return true; /* the name or, as getopt_long() takes it, its start */
    return false;
}

int cli_option_error(const char *command, int c, char **argv, const struct option *longs)
{
    /* getopt_long() leaves optind on a word of bundled short options ("-xq") until it has
     * taken its last letter: argv[optind - 1] is the word at fault only for a long option
     * ("--name", "--name=value": optopt 0 when unknown, else its key) and for the last letter
     * of a word; the letter itself is in optopt. */
    const char *word = argv[optind - 1];
    bool is_long = strncmp(word, "--", 2) == 0;
    int name_len = (int)strcspn(word, "=");
    if (c == ':' && is_long) {
        cli_usage_error(command, "option '%.*s' needs a value", name_len, word);
    } else if (c == ':') {
        cli_usage_error(command, "option '-%c' needs a value", optopt);
    } else if (optopt == 0) {
        cli_usage_error(command, "unknown option '%.*s'", name_len, word);
    } else if (long_given_value(word, optopt, longs)) {
        cli_usage_error(command, "option '%.*s' takes no value", name_len, word);
    } else {
        cli_usage_error(command, "unknown option '-%c'", optopt);
    }
    return EXIT_BAD_INPUT;
}
