/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_out.h - building JSON documents with jansson and writing them out: what the run's and
 * the analysis's JSON writers share.
 */
#ifndef DA_OUTPUT_JSON_OUT_H
#define DA_OUTPUT_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dayafter.h"

/* The significant digits of every number the JSON holds: --json's, and the report's copy of
 * the same results, so that both show the same figures (a 7-digit copy rounded 184,077.47 to
 * 184,077.5, which the report then showed as 184,078). */
#define JSON_OUT_DIGITS 10

/* A number, or null for NaN and infinities, which JSON cannot hold. */
json_t *json_out_number(double x);

/* obj[key] = value and arr += value, stealing 'value'; a NULL container or value is a failed
 * allocation, recorded in *nomem. */
void json_out_put(bool *nomem, json_t *obj, const char *key, json_t *value);
void json_out_push(bool *nomem, json_t *arr, json_t *value);

/* root["seed"] = 'seed', as a run's and an analysis's JSON both write it: any 64-bit value,
 * though jansson's integers are signed, so a seed past INT64_MAX is written as a number
 * (rounded) and, so that the run can be repeated, also exactly as "seed_decimal". */
void json_out_seed(bool *nomem, json_t *root, uint64_t seed);

/* Writes 'root' (released here), indented, with a final newline, to 'out' and flushes it:
 * DA_ERR_NOMEM when 'nomem' or the text cannot be made, DA_ERR_IO when it cannot be written. */
da_status json_out_write(json_t *root, bool nomem, FILE *out);

/* Frees text made by json_dumps(), from jansson's allocator (which may not be malloc). */
void json_out_free_text(char *text);

#endif /* DA_OUTPUT_JSON_OUT_H */
