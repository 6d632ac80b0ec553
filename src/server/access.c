/* SPDX-License-Identifier: GPL-3.0-or-later */
/* access.c - the scenario access rules of access.h, as one pure decision (store_access()
 * looks a scenario up). */
#include "access.h"

#include <string.h>

struct access access_decide(const struct principal *who, int64_t owner, const char *shared)
{
    struct access a = {false, false, false, owner};
    if (who->user_id == 0 || who->org_id == 0 || owner == 0)
        return a;
    bool writer = who->role >= ROLE_EDITOR;
    if (who->org_id == owner) {
        a.visible = true;
        a.edit = a.share = writer;
    } else if (shared) {
        a.visible = true;
        a.edit = writer && strcmp(shared, "edit") == 0;
    }
    return a;
}
