/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.c - a planted violation of the layout: format_check.py must fail on this directory.
 */
int planted_layout(int a)
{
  if (a) return a+1;
    return 0;
}
