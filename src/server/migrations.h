/* SPDX-License-Identifier: GPL-3.0-or-later */
/* migrations.h - the server database's numbered schema migrations (migrations.c). */
#ifndef DA_SERVER_MIGRATIONS_H
#define DA_SERVER_MIGRATIONS_H

/* The number of migrations: the latest schema version. */
int migration_count(void);
/* The SQL of migration 'version' (1 to migration_count()), or NULL. */
const char *migration_sql(int version);

#endif
