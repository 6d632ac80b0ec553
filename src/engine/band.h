/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * band.h - the light quantile sketch of the weekly series (about 2 KiB, 1 KiB narrow, where a
 * run holds tens of thousands of them), whose merge is exact, so that results do not depend on
 * how replications were split between threads or MPI ranks. The headline results use the finer
 * sketch of sketch.h.
 *
 * A sketch keeps the count, an exact sum, the minimum and the maximum of the values added, and
 * their distribution: the values themselves while there are at most BAND_EXACT of them
 * (quantiles are then exact), and beyond that a histogram of BAND_BINS bins of width 2^k,
 * aligned on multiples of 2^k, where k is the smallest exponent (>= BAND_MIN_EXP) at which
 * every value seen fits in the bins. Everything the outputs read is a function of the multiset
 * of values alone - counts are integers, the sum is a 128-bit fixed-point integer, kept values
 * are sorted before they are read - so any order of adds and merges gives the same results,
 * bit for bit (only the order of the kept values in memory can differ).
 *
 * Error bound: a quantile read from the histogram interpolates, as type 7 does, between the
 * two order statistics around its rank, each placed within its bin (exactly when it is one of
 * the values equal to min or max); it is therefore off by at most one bin width, and the bin
 * width is less than 2 (max - min) / (BAND_BINS - 2), that is at most 0.4% of the range of
 * the values (docs/model.md, "Statistics").
 */
#ifndef DA_ENGINE_BAND_H
#define DA_ENGINE_BAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BAND_EXACT   64
#define BAND_BINS    512
#define BAND_MIN_EXP (-40)
/* The fixed-point scale of sums: 2^32 units per 1, so 2.3e-10 resolution and room for
 * values up to BAND_MAX_ABS summed over 3e10 replications (a run takes at most 1e8). */
#define BAND_SUM_SCALE 4294967296.0
/* The largest magnitude a sketch takes in. A value beyond it, or not finite (an infinity, a
 * NaN), is not added: it is only counted, in 'unusable', so that whoever reads the sketch can
 * say that some replications gave no usable value, and no bin index or sum can overflow. */
#define BAND_MAX_ABS 1e18

struct band {
    uint64_t count;    /* values added (usable ones only) */
    uint64_t unusable; /* values refused: not finite, or beyond BAND_MAX_ABS */
    __int128 sum;      /* in units of 1 / BAND_SUM_SCALE */
    double min, max;
    /* How many values equal min and max exactly: distributions of outcomes often have atoms
     * there (no force deployed, full coverage), which the histogram alone would smear over a
     * bin; with these counts a quantile that falls on an atom is exact. */
    uint64_t at_min, at_max;
    int exp;      /* histogram bin width 2^exp; meaningful once count > BAND_EXACT */
    bool narrow;  /* bins of 16 bits (narrow_bins): see BAND_NARROW_MAX */
    double scale; /* 2^-exp */
    double base;  /* the index of bin 0: its lower edge is base * 2^exp */
    union {
        double values[BAND_EXACT];
        uint32_t bins[BAND_BINS];
        uint16_t narrow_bins[BAND_BINS];
    } u;
};

/* A narrow band counts its bins in 16 bits, and so takes at most BAND_NARROW_MAX values. It
 * is BAND_NARROW_SIZE bytes, not sizeof(struct band): its bins end there, and nothing may
 * read or write it as a whole struct band (band_copy() copies it). The weekly series and
 * requirement of a run of at most BAND_NARROW_MAX replications are narrow, each band taking
 * one value a replication: half the memory that a pass over them all, each block of
 * replications, reads and writes. */
#define BAND_NARROW_MAX 65535
#define BAND_NARROW_SIZE                                                                           \
    ((offsetof(struct band, u) + BAND_BINS * sizeof(uint16_t) + _Alignof(struct band) - 1) /       \
     _Alignof(struct band) * _Alignof(struct band))
_Static_assert(BAND_EXACT * sizeof(double) <= BAND_BINS * sizeof(uint16_t),
               "a narrow band still holds its kept values");

/* Whether bands that each take at most 'values' values (0: any number) are narrow: a run's
 * weekly series and requirement, one value a replication, in a run of at most 'values'. */
static inline bool band_narrow_for(uint64_t values)
{
    return values > 0 && values <= BAND_NARROW_MAX;
}

/* The bytes of a band, narrow or not. */
static inline size_t band_size(bool narrow)
{
    return narrow ? BAND_NARROW_SIZE : sizeof(struct band);
}

/* Band 'i' of an array of bands of 'size' bytes each (band_size()). */
static inline struct band *band_at(struct band *bands, size_t size, size_t i)
{
    return (struct band *)(void *)((char *)bands + i * size);
}
static inline const struct band *band_at_const(const struct band *bands, size_t size, size_t i)
{
    return (const struct band *)(const void *)((const char *)bands + i * size);
}

/* True for a value the sketches take in: finite and at most BAND_MAX_ABS in size (a NaN
 * fails it). */
static inline bool band_usable(double x)
{
    return x >= -BAND_MAX_ABS && x <= BAND_MAX_ABS;
}

void band_init(struct band *s);
/* band_init() of a band whose bytes are all 0 already (from da_calloc()): only the fields that
 * do not start at 0 are written, so that pages of the allocator's that nothing else writes yet
 * stay unbacked (sketch_init_zeroed()). */
void band_init_zeroed(struct band *s);
/* band_init() and band_init_zeroed() of a band that is narrow or not. */
void band_init_as(struct band *s, bool narrow);
void band_init_zeroed_as(struct band *s, bool narrow);
/* Adds 'x', or counts it as unusable (see BAND_MAX_ABS). */
void band_add(struct band *s, double x);
/* Adds 'x' to the distribution only, not to the sum: for sketches whose mean nobody reads
 * (the weekly series), where it saves a 128-bit addition per value. */
void band_add_no_sum(struct band *s, double x);
/* Adds the 'n' values values[0], values[stride], ... as band_add_no_sum() would one by one,
 * with the same result, in one pass over the histogram. */
void band_add_floats(struct band *s, const float *values, int n, size_t stride);
/* band_add_floats() with the batch's bins counted four values at a time by AVX2 ('avx2' true,
 * 'stride' 1, where the processor has AVX2) or one at a time: the same bytes either way.
 * band_add_floats() takes the way of lanes_kernels() (DAYAFTER_ISA); tests compare both. */
void band_add_floats_isa(struct band *s, const float *values, int n, size_t stride, bool avx2);
/* Copies 'from', narrow or not, onto 'into' (which must have room for it). */
void band_copy(struct band *into, const struct band *from);
/* Adds everything of 'from' to 'into'. */
void band_merge(struct band *into, const struct band *from);
/* The mean, or NaN when empty. */
double band_mean(const struct band *s);
/* The q-quantile (0 <= q <= 1) by linear interpolation of the empirical distribution (the
 * definition of R's type 7 and numpy's default) while values are kept, within the bound above
 * after; NaN when empty. */
double band_quantile(const struct band *s, double q);

/* The k-th smallest value (0-based) as the histogram places it, once the band holds more
 * than BAND_EXACT values, and in [*lo, *hi] the interval of the bin that holds it (the value
 * itself where it is the minimum or the maximum). */
double band_order_statistic(const struct band *s, uint64_t k, double *lo, double *hi);

#endif /* DA_ENGINE_BAND_H */
