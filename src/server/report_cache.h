/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_cache.h - the last reports written, kept so that asking for one again costs a copy,
 * not its writing (a second of a core for a century-long run). A finished run's report never
 * changes for a given version of the program (its entity tag says so), so an entry is never
 * stale; whoever asks has been checked for access to the run before the cache is looked at.
 */
#ifndef DA_SERVER_REPORT_CACHE_H
#define DA_SERVER_REPORT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the cache may hold, every report together; a report larger than this is not kept. */
#define REPORT_CACHE_BYTES ((size_t)96 * 1024 * 1024)
#define REPORT_CACHE_SLOTS 16

/* A copy (malloc'd, the caller's) of run 'run''s report in *html and *len: false when it is not
 * kept, or memory ran out for the copy. */
bool report_cache_get(int64_t run, char **html, size_t *len);
/* Keeps a copy of run 'run''s report, putting out the least recently used ones to make room;
 * nothing when it is larger than REPORT_CACHE_BYTES or memory runs out. */
void report_cache_put(int64_t run, const char *html, size_t len);

#endif /* DA_SERVER_REPORT_CACHE_H */
