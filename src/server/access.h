/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * access.h - who may see, change and share a scenario. A scenario belongs to one organization;
 * its members see it, and its editors and admins change and share it. Another organization
 * sees it only while it is shared with them, for reading or for editing (by their editors and
 * admins). The site administrator, who belongs to no organization, sees no scenario: what the
 * partners write stays theirs.
 */
#ifndef DA_SERVER_ACCESS_H
#define DA_SERVER_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "server.h"

struct access {
    bool visible;  /* read it, its revisions, diffs and runs; queue runs; fork it */
    bool edit;     /* save revisions */
    bool share;    /* share and revoke (the owning organization's editors and admins) */
    int64_t owner; /* the owning organization (0 when the scenario does not exist) */
};

/* The decision for 'who' on a scenario of organization 'owner' that is shared with who's
 * organization for 'shared' ("read", "edit" or NULL). */
struct access access_decide(const struct principal *who, int64_t owner, const char *shared);

#endif
