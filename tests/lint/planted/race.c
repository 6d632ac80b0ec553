/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * race.c - a planted data race: two threads add to one counter without a lock. The
 * ThreadSanitizer stage of scripts/test builds it and expects it to fail, so that a stage that
 * reported no race because TSan was not on (or not looking) would itself fail.
 */
#include <pthread.h>
#include <stdio.h>

static long counter;

static void *add(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100000; i++)
        counter++;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    if (pthread_create(&a, NULL, add, NULL) != 0 || pthread_create(&b, NULL, add, NULL) != 0)
        return 1;
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld\n", counter);
    return 0;
}
