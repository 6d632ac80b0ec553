/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json_out.c - building JSON documents and writing them out (see json_out.h).
 */
#include "json_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(JSON_OUT_DIGITS))

json_t *json_out_number(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

void json_out_put(bool *nomem, json_t *obj, const char *key, json_t *value)
{
    if (json_object_set_new(obj, key, value) != 0)
        *nomem = true;
}

void json_out_push(bool *nomem, json_t *arr, json_t *value)
{
    if (json_array_append_new(arr, value) != 0)
        *nomem = true;
}

void json_out_seed(bool *nomem, json_t *root, uint64_t seed)
{
    if (seed <= (uint64_t)INT64_MAX) {
        json_out_put(nomem, root, "seed", json_integer((json_int_t)seed));
        return;
    }
    char digits[24];
    snprintf(digits, sizeof digits, "%" PRIu64, seed);
    json_out_put(nomem, root, "seed", json_real((double)seed));
    json_out_put(nomem, root, "seed_decimal", json_string(digits));
}

void json_out_free_text(char *text)
{
    json_free_t release;
    json_get_alloc_funcs(NULL, &release);
    release(text);
}

da_status json_out_write(json_t *root, bool nomem, FILE *out)
{
    /* Dumped to memory first: json_dumpf() gives -1 both when it cannot allocate and when it
     * cannot write, and the two must come back as different statuses. */
    char *text = nomem || !root ? NULL : json_dumps(root, DUMP_FLAGS);
    json_decref(root);
    if (!text)
        return DA_ERR_NOMEM;
    size_t len = strlen(text);
    bool written = fwrite(text, 1, len, out) == len && fputc('\n', out) != EOF;
    json_out_free_text(text);
    /* Flushing here surfaces a full disk now rather than at the caller's fclose. */
    if (!written || fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
