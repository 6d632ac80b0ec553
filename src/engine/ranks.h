/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ranks.h - MPI's ranks: each one's share of the work, and the merge of their parts into rank
 * 0's (see ranks.c). Without MPI there is one rank and these do nothing.
 */
#ifndef DA_ENGINE_RANKS_H
#define DA_ENGINE_RANKS_H

#include <stdint.h>

#include "dayafter.h"
#include "results.h"

/* This rank's share of 'total' tasks: [*first, *first + *count), contiguous, in rank order. */
void ranks_share(uint64_t total, uint64_t *first, uint64_t *count);

/* Adds every other rank's accumulator to rank 0's, in rank order; the others send theirs. */
da_status ranks_merge_acc(struct acc *acc, const struct plan *plan);

/* Gives every rank all 'total' values, each rank having filled its share of them. */
da_status ranks_gather(double *values, uint64_t total);
/* The same of 'total' rows of 'width' values each (row r at values + r * width), each rank
 * having filled the rows of its share. */
da_status ranks_gather_rows(double *values, uint64_t total, uint64_t width);

/* Adds every other rank's 'n' sketches to rank 0's, in rank order; the others send theirs. */
da_status ranks_merge_sketches(struct sketch *s, size_t n);

/* Sets every rank's *flag to rank 0's: what rank 0 decided from merged results. */
void ranks_share_flag(int *flag);

#endif /* DA_ENGINE_RANKS_H */
