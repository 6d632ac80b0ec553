/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_cache.c - the last reports written (report_cache.h): a few slots under one lock,
 * the least recently used put out first. A copy is made under the lock, so that an entry
 * never goes while it is read; at 50 MB that is some tens of milliseconds, against the
 * second its writing takes.
 */
#include "report_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    int64_t run; /* 0: empty */
    char *html;
    size_t len;
    uint64_t used; /* the clock's value when last read or written */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[REPORT_CACHE_SLOTS];
static size_t held;   /* bytes in every slot */
static uint64_t tick; /* the use clock */

bool report_cache_get(int64_t run, char **html, size_t *len)
{
    bool found = false;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < REPORT_CACHE_SLOTS; i++) {
        struct slot *s = &slots[i];
        if (s->run != run || run == 0)
            continue;
        char *copy = malloc(s->len ? s->len : 1);
        if (copy) {
            memcpy(copy, s->html, s->len);
            s->used = ++tick;
            *html = copy;
            *len = s->len;
            found = true;
        }
        break;
    }
    pthread_mutex_unlock(&lock);
    return found;
}

static void empty(struct slot *s)
{
    held -= s->len;
    free(s->html);
    memset(s, 0, sizeof *s);
}

void report_cache_put(int64_t run, const char *html, size_t len)
{
    if (run == 0 || len > REPORT_CACHE_BYTES)
        return;
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return;
    memcpy(copy, html, len);
    pthread_mutex_lock(&lock);
    for (int i = 0; i < REPORT_CACHE_SLOTS; i++)
        if (slots[i].run == run)
            empty(&slots[i]); /* two requests wrote it at once: the later one is kept */
    for (;;) {
        struct slot *oldest = NULL, *free_slot = NULL;
        for (int i = 0; i < REPORT_CACHE_SLOTS; i++) {
            struct slot *s = &slots[i];
            if (s->run == 0 && !free_slot)
                free_slot = s;
            else if (s->run != 0 && (!oldest || s->used < oldest->used))
                oldest = s;
        }
        if (free_slot && held + len <= REPORT_CACHE_BYTES) {
            *free_slot = (struct slot){run, copy, len, ++tick};
            held += len;
            break;
        }
        empty(oldest); /* a full table or too many bytes: there is an entry to put out */
    }
    pthread_mutex_unlock(&lock);
}
