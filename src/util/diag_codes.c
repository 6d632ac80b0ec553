/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag_codes.c - the stable names of the diagnostic codes (da_diag_code_name()).
 *
 * A name is what JSON output carries and what docs/scenario.md documents; like the numbers,
 * names never change once published. A test checks this table against the documentation.
 */
#include "dayafter.h"

static const char *const names[] = {
    [DA_DIAG_IO] = "io",
    [DA_DIAG_FILE_TOO_LARGE] = "file-too-large",
    [DA_DIAG_NOT_TEXT] = "not-text",
    [DA_DIAG_EMPTY_FILE] = "empty-file",
    [DA_DIAG_YAML_SYNTAX] = "yaml-syntax",
    [DA_DIAG_YAML_TAB] = "yaml-tab",
    [DA_DIAG_YAML_ALIAS] = "yaml-alias",
    [DA_DIAG_YAML_DOCUMENTS] = "yaml-documents",
    [DA_DIAG_YAML_LIMIT] = "yaml-limit",
    [DA_DIAG_KEY_NOT_STRING] = "key-not-string",
    [DA_DIAG_DUPLICATE_KEY] = "duplicate-key",
    [DA_DIAG_UNSUPPORTED_VERSION] = "unsupported-version",
    [DA_DIAG_WRONG_TYPE] = "wrong-type",
    [DA_DIAG_OUT_OF_RANGE] = "out-of-range",
    [DA_DIAG_UNKNOWN_KEY] = "unknown-key",
    [DA_DIAG_MISSING_KEY] = "missing-key",
    [DA_DIAG_KEY_NOT_APPLICABLE] = "key-not-applicable",
    [DA_DIAG_CONFLICTING_KEYS] = "conflicting-keys",
    [DA_DIAG_UNKNOWN_VALUE] = "unknown-value",
    [DA_DIAG_INVALID_ID] = "invalid-id",
    [DA_DIAG_INVALID_TEXT] = "invalid-text",
    [DA_DIAG_INVALID_DATE] = "invalid-date",
    [DA_DIAG_LIST_LENGTH] = "list-length",
    [DA_DIAG_DUPLICATE_ITEM] = "duplicate-item",
    [DA_DIAG_DUPLICATE_ID] = "duplicate-id",
    [DA_DIAG_UNKNOWN_REFERENCE] = "unknown-reference",
    [DA_DIAG_UNKNOWN_PARAMETER] = "unknown-parameter",
    [DA_DIAG_INVERTED_RANGE] = "inverted-range",
    [DA_DIAG_DIST_PARAMETER] = "dist-parameter",
    [DA_DIAG_DIST_OUT_OF_RANGE] = "dist-out-of-range",
    [DA_DIAG_CYCLE] = "cycle",
    [DA_DIAG_BAD_SUM] = "bad-sum",
    [DA_DIAG_CONSTRAINT] = "constraint",
    [DA_DIAG_BAD_EFFECT] = "bad-effect",
    [DA_DIAG_BAD_CORRELATION] = "bad-correlation",
    [DA_DIAG_RUN_TOO_LARGE] = "run-too-large",
    [DA_DIAG_JSON_SYNTAX] = "json-syntax",
    [DA_DIAG_NOT_RESULTS] = "not-results",
};

const char *da_diag_code_name(da_diag_code code)
{
    size_t i = (size_t)code;
    return i < sizeof names / sizeof names[0] ? names[i] : NULL;
}
