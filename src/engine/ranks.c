/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ranks.c - MPI: a run's replications (and an analysis's points) split across the ranks of
 * `mpirun -n K dayafter ...`, each rank's part merged into rank 0's in rank order.
 *
 * A replication's draws depend only on (seed, replication), and the statistics merge exactly
 * (sketch.h), so the results are the same bits for any number of ranks and threads. Built
 * without MPI (meson option 'mpi'), or started outside an MPI launcher, dayafter is one rank:
 * every function here is then the identity.
 */
#include "ranks.h"

#include <stdlib.h>
#include <string.h>

#ifdef DA_HAVE_MPI
#include <mpi.h>
#endif

static int rank_index = 0, rank_count = 1;
#ifdef DA_HAVE_MPI
static int active; /* MPI_Init was called */
#endif

/* True when an MPI launcher started this process (Open MPI, or a PMI/PMIx launcher such as
 * Slurm's srun). Outside one, MPI is not initialized: a plain `dayafter run` stays a plain
 * process. */
static int launched_by_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}

void da_ranks_init(int *argc, char ***argv)
{
#ifdef DA_HAVE_MPI
    if (!launched_by_mpi() || active)
        return;
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return;
    active = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_index);
    MPI_Comm_size(MPI_COMM_WORLD, &rank_count);
#else
    (void)argc;
    (void)argv;
    (void)launched_by_mpi;
#endif
}

void da_ranks_finalize(void)
{
#ifdef DA_HAVE_MPI
    if (active)
        MPI_Finalize();
    active = 0;
#endif
    rank_index = 0;
    rank_count = 1;
}

int da_rank(void)
{
    return rank_index;
}

int da_rank_count(void)
{
    return rank_count;
}

/* Rank r's share of 'total' tasks among k ranks: contiguous, the first ranks one longer when
 * 'total' does not divide. */
static void share_of(uint64_t total, uint64_t r, uint64_t k, uint64_t *first, uint64_t *count)
{
    uint64_t base = total / k, extra = total % k;
    *first = r * base + (r < extra ? r : extra);
    *count = base + (r < extra ? 1 : 0);
}

void ranks_share(uint64_t total, uint64_t *first, uint64_t *count)
{
    share_of(total, (uint64_t)rank_index, (uint64_t)rank_count, first, count);
}

#ifdef DA_HAVE_MPI
/* MPI counts are ints: large blocks go in pieces of at most 1 GiB. */
#define PIECE (1u << 30)

static void send_block(void *memory, size_t bytes, void *ctx)
{
    (void)ctx;
    for (size_t at = 0; at < bytes; at += PIECE) {
        size_t n = bytes - at < PIECE ? bytes - at : PIECE;
        MPI_Send((char *)memory + at, (int)n, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    }
}

static void receive_block(void *memory, size_t bytes, void *ctx)
{
    int from = *(const int *)ctx;
    for (size_t at = 0; at < bytes; at += PIECE) {
        size_t n = bytes - at < PIECE ? bytes - at : PIECE;
        MPI_Recv((char *)memory + at, (int)n, MPI_BYTE, from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
}
#endif

da_status ranks_merge_acc(struct acc *acc, const struct plan *plan)
{
#ifdef DA_HAVE_MPI
    if (!active || rank_count == 1)
        return DA_OK;
    da_status status = DA_OK;
    if (rank_index != 0) {
        acc_visit(acc, plan, send_block, NULL);
    } else {
        for (int from = 1; from < rank_count; from++) {
            struct acc part;
            status = acc_init(&part, plan);
            if (status != DA_OK)
                break; /* the other ranks' sends then wait: abort rather than hang */
            acc_visit(&part, plan, receive_block, &from);
            acc_merge(acc, &part, plan);
            acc_release(&part, plan);
        }
        if (status != DA_OK)
            MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return status;
#else
    (void)acc;
    (void)plan;
    return DA_OK;
#endif
}

da_status ranks_merge_sketches(struct sketch *s, size_t n)
{
#ifdef DA_HAVE_MPI
    if (!active || rank_count == 1)
        return DA_OK;
    size_t bytes = n * sizeof *s;
    if (rank_index != 0) {
        send_block(s, bytes, NULL);
        return DA_OK;
    }
    struct sketch *part = malloc(bytes ? bytes : 1);
    if (!part) {
        MPI_Abort(MPI_COMM_WORLD, 1); /* the other ranks' sends would wait: abort, not hang */
        return DA_ERR_NOMEM;
    }
    for (int from = 1; from < rank_count; from++) {
        receive_block(part, bytes, &from);
        for (size_t i = 0; i < n; i++)
            sketch_merge(&s[i], &part[i]);
    }
    free(part);
    return DA_OK;
#else
    (void)s;
    (void)n;
    return DA_OK;
#endif
}

void ranks_share_flag(int *flag)
{
#ifdef DA_HAVE_MPI
    if (active && rank_count > 1)
        MPI_Bcast(flag, 1, MPI_INT, 0, MPI_COMM_WORLD);
#else
    (void)flag;
#endif
}

da_status ranks_gather(double *values, uint64_t total)
{
    return ranks_gather_rows(values, total, 1);
}

da_status ranks_gather_rows(double *values, uint64_t total, uint64_t width)
{
#ifdef DA_HAVE_MPI
    if (!active || rank_count == 1)
        return DA_OK;
    int *counts = malloc(sizeof(int) * (size_t)rank_count);
    int *displs = malloc(sizeof(int) * (size_t)rank_count);
    /* Counted in rows, a type of 'width' doubles, so that a wide design's values do not pass
     * the int that MPI counts in. */
    MPI_Datatype row;
    if (!counts || !displs || total > (uint64_t)0x7fffffff || width > (uint64_t)0x7fffffff ||
        MPI_Type_contiguous((int)width, MPI_DOUBLE, &row) != MPI_SUCCESS) {
        free(counts);
        free(displs);
        return DA_ERR_NOMEM;
    }
    MPI_Type_commit(&row);
    for (int r = 0; r < rank_count; r++) {
        uint64_t first, count;
        share_of(total, (uint64_t)r, (uint64_t)rank_count, &first, &count);
        counts[r] = (int)count;
        displs[r] = (int)first;
    }
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, values, counts, displs, row, MPI_COMM_WORLD);
    MPI_Type_free(&row);
    free(counts);
    free(displs);
    return DA_OK;
#else
    (void)values;
    (void)total;
    (void)width;
    return DA_OK;
#endif
}
