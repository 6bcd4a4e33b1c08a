/*
 * store-backup.h - copies of the database: an online backup taken while
 * civicd serves, read out in pieces to stream to an admin; and restoring
 * a backup with civicd stopped.
 */
#ifndef CIVICD_STORE_BACKUP_H
#define CIVICD_STORE_BACKUP_H

#include <stdint.h>
#include <sys/types.h>

#include "store.h"

struct store_backup;

/*
 * Copies the live database with SQLite's online backup API into a file
 * of its own beside the database (in rollback-journal mode, so that it
 * stands alone), a few pages at a time so that other calls are served
 * meanwhile: begin, then step until *size is not -1, outside any
 * transaction. What the same connection writes between the steps goes
 * into the copy too, so the copy is the database as it is when the last
 * step ends. Then the file is unlinked, *size is its length in bytes, and
 * the caller reads it with store_backup_read.
 */
enum civic_err store_backup_begin(struct store *s, struct store_backup **b);
enum civic_err store_backup_step(struct store_backup *b, int pages,
    int64_t *size);

/* Reads up to len bytes more; 0 at the end, -1 on error. */
ssize_t store_backup_read(struct store_backup *b, void *buf, size_t len);

void store_backup_free(struct store_backup *b);

struct restore_report {
	int schema;            /* the backup's schema version */
	int64_t audit_entries; /* in the backup's audit trail */
	char kept[4096];       /* where the replaced database was kept; "" */
};

/*
 * Replaces the database at db with the backup at backup, with civicd
 * stopped: the backup must be civic's, of a schema this civicd knows,
 * and pass SQLite's integrity and foreign-key checks, before anything is
 * touched. The database it replaces is copied to db.before-restore-TIME
 * first. 0, or -1 with a sentence in err (and db as it was).
 */
int store_restore(const char *db, const char *backup, struct restore_report *r,
    char *err, size_t errlen);

#endif
