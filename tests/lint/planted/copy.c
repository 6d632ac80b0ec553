/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * copy.c - a planted violation for tests/lint/banned_calls.py: the check must find the call
 * below (and not the strcpy() of this comment, nor the one in the string). Never built.
 */
#include <string.h>

void planted_copy(char *to, const char *from);

void planted_copy(char *to, const char *from)
{
    const char *note = "strcpy(a, b) in a string is no call";
    (void)note;
    strcpy(to, from);
}
