/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_check.h - what da_report_write() checks of the results it is given before it draws
 * them: that reading them takes no more memory than results can need, and that what the page
 * reads has the type it draws (report_check.c).
 */
#ifndef DA_OUTPUT_REPORT_CHECK_H
#define DA_OUTPUT_REPORT_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "dayafter.h"

/* The memory that parsing results may take, by report_check_size()'s estimate: more than the
 * largest results that a run or an analysis writes need (docs/report.md, "Limits"). */
#define REPORT_MAX_TREE_BYTES (1024.0 * 1024 * 1024)

/* False, with the problem in 'diags' at 1:1 of 'file', when the 'len' bytes of JSON at 'json'
 * would take more than REPORT_MAX_TREE_BYTES to parse: a scan of the text before it is parsed,
 * which counts its values, objects, arrays, keys and strings. */
bool report_check_size(const char *json, size_t len, const char *file, da_diags *diags);

/* False, with the first problem in 'diags' at its line and column in 'json' (the text 'root'
 * was parsed from), when a value that the report reads has another type than the results'
 * schema gives it (docs/schema/), or a key it cannot do without is missing: results of an
 * analysis when 'analysis', else of a run. Keys the report does not read are not checked, and
 * those it can do without may be missing, as in results saved by older versions. */
bool report_check_shape(const json_t *root, bool analysis, const char *json, size_t len,
                        const char *file, da_diags *diags);

#endif /* DA_OUTPUT_REPORT_CHECK_H */
