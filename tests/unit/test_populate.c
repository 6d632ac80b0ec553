/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_populate.c - da_populate() (src/util/alloc.c) makes present the pages that hold a byte
 * of the range it is given, those that writing the range would, and only those (mincore()),
 * and changes no byte; where the kernel refuses the advice, it makes no page present at all.
 * Threads that call it at once share nothing (scripts/test runs that test under
 * ThreadSanitizer).
 */
/* mmap's anonymous memory and mincore(), which POSIX does not name. */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"
#include "util/alloc.h"

#define PAGES 16

/* A fresh mapping of PAGES pages that nothing has written: none of them present. */
static unsigned char *fresh(size_t page)
{
    void *p = mmap(NULL, PAGES * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(p != MAP_FAILED);
    return p;
}

/* Which of the mapping's pages are present. */
static void present(unsigned char *p, size_t page, unsigned char in[PAGES])
{
    assert_int_equal(mincore(p, PAGES * page, in), 0);
    for (int i = 0; i < PAGES; i++)
        in[i] &= 1;
}

/* Whether this kernel takes the advice (Linux 5.14 and later). */
static bool kernel_populates(size_t page)
{
#ifdef MADV_POPULATE_WRITE
    unsigned char *p = fresh(page);
    int rc = madvise(p, page, MADV_POPULATE_WRITE);
    int err = errno;
    munmap(p, PAGES * page);
    return rc == 0 || err != EINVAL;
#else
    (void)page;
    return false;
#endif
}

static void test_populate_the_pages_of_the_range_only(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    bool works = kernel_populates(page);
    unsigned char *p = fresh(page), in[PAGES];
    present(p, page, in);
    for (int i = 0; i < PAGES; i++)
        assert_int_equal(in[i], 0);
    /* From 100 bytes into page 3 to the 99th byte of page 11. */
    da_populate(p + 3 * page + 100, 8 * page);
    present(p, page, in);
    for (int i = 0; i < PAGES; i++)
        assert_int_equal(in[i], works && i >= 3 && i <= 11);
    /* Nothing; then the last byte of page 12 and the first of page 13; then 10 bytes of 15. */
    da_populate(p + 13 * page, 0);
    present(p, page, in);
    assert_int_equal(in[13], 0);
    da_populate(p + 13 * page - 1, 2);
    da_populate(p + 15 * page + 7, 10);
    present(p, page, in);
    for (int i = 12; i < PAGES; i++)
        assert_int_equal(in[i], works && i != 14);
    /* Read last: reading a page makes it present. */
    for (size_t i = 0; i < PAGES * page; i++)
        assert_int_equal(p[i], 0);
    munmap(p, PAGES * page);
}

/* What the range held before, it holds after: written pages keep their bytes. */
static void test_populate_changes_no_byte(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), bytes = PAGES * page;
    unsigned char *p = fresh(page);
    for (size_t i = 0; i < bytes; i += 3)
        p[i] = (unsigned char)(i * 7 + 1);
    unsigned char *copy = da_malloc(bytes);
    assert_non_null(copy);
    memcpy(copy, p, bytes);
    da_populate(p + 5, bytes - 10);
    assert_memory_equal(p, copy, bytes);
    da_free(copy);
    munmap(p, bytes);
}

/* One thread's mapping, populated again and again while the other thread does the same. */
static void *populate_own(void *arg)
{
    unsigned char *p = arg;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    for (int round = 0; round < 200; round++)
        da_populate(p + (size_t)(round % 4) * page + 1, 4 * page);
    return NULL;
}

/* Workers of different runs (a server's jobs) make their pages present at once: nothing is
 * shared between the calls (ThreadSanitizer watches this test in scripts/test's threads
 * stage), and each thread's pages are there after. */
static void test_populate_from_threads_at_once(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    bool works = kernel_populates(page);
    unsigned char *a = fresh(page), *b = fresh(page), in[PAGES];
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, populate_own, a), 0);
    assert_int_equal(pthread_create(&tb, NULL, populate_own, b), 0);
    assert_int_equal(pthread_join(ta, NULL), 0);
    assert_int_equal(pthread_join(tb, NULL), 0);
    for (int k = 0; k < 2; k++) {
        present(k ? b : a, page, in);
        for (int i = 0; i < PAGES; i++)
            assert_int_equal(in[i], works && i <= 7);
    }
    munmap(a, PAGES * page);
    munmap(b, PAGES * page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_populate_the_pages_of_the_range_only),
        cmocka_unit_test(test_populate_changes_no_byte),
        cmocka_unit_test(test_populate_from_threads_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
