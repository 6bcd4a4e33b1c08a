/*
 * iface-admin.c - dk.civic.admin: the online backup, streamed.
 */
#include <stdlib.h>

#include <sodium.h>

#include "group.h"
#include "iface.h"
#include "log.h"
#include "store-backup.h"

/* Bytes of the file per reply: 48 KiB, 64 KiB as base64. */
#define BACKUP_PIECE (48 * 1024)

/* Pages copied between two turns of the event loop (a few ms). */
#define BACKUP_PAGES 256

struct backup_stream {
	struct civicd *d;
	struct store_backup *b;
	unsigned steps;
	crypto_hash_sha256_state sha;
	int64_t size, sent;
	int schema;
	unsigned uid;
};

static void
backup_free(void *arg)
{
	struct backup_stream *bs = arg;

	store_backup_free(bs->b);
	free(bs);
}

static int
backup_next(void *arg, struct reply_sink *sink)
{
	static unsigned char piece[BACKUP_PIECE];
	static char b64[sodium_base64_ENCODED_LEN(BACKUP_PIECE,
	    sodium_base64_VARIANT_ORIGINAL)];
	struct backup_stream *bs = arg;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	ssize_t n;

	if (bs->size < 0) {
		/* Still copying: a few pages, then the others' turn. */
		(void)group_commit(bs->d);
		bs->steps++;
		if (store_backup_step(bs->b, BACKUP_PAGES, &bs->size) !=
		    CIVIC_OK) {
			call_stream_fail(sink, R_INTERNAL);
			return 0;
		}
		if (bs->size < 0)
			return CALL_STREAM_LATER;
		log_debug("backup: copied in %u steps", bs->steps);
	}
	n = store_backup_read(bs->b, piece, sizeof piece);
	if (n > 0) {
		crypto_hash_sha256_update(&bs->sha, piece, (size_t)n);
		sodium_bin2base64(b64, sizeof b64, piece, (size_t)n,
		    sodium_base64_VARIANT_ORIGINAL);
		bs->sent += n;
		call_stream_send(sink, json_pack("{s:s}", "data", b64), true);
		return 1;
	}
	if (n < 0 || bs->sent != bs->size) {
		log_err("the backup for uid %u could not be read back",
		    bs->uid);
		call_stream_fail(sink, R_BACKUP_UNREADABLE);
		return 0;
	}
	crypto_hash_sha256_final(&bs->sha, digest);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	call_stream_send(sink,
	    json_pack("{s:s, s:I, s:s, s:i}", "data", "", "size",
		(json_int_t)bs->size, "sha256", hex, "schema", bs->schema),
	    false);
	log_notice("uid %u took a backup of the database (%lld bytes)", bs->uid,
	    (long long)bs->size);
	return 0;
}

enum civic_err
admin_backup(struct call *c)
{
	struct backup_stream *bs;
	enum civic_err err;

	/* The answer comes in pieces: a caller must be ready for them. */
	if (!c->more)
		return CALL_REFUSE0(c, R_EXPECTED_MORE);
	if ((bs = calloc(1, sizeof *bs)) == NULL)
		return CIVIC_E_INTERNAL;
	bs->d = c->d;
	bs->uid = (unsigned)c->who->uid;
	bs->schema = store_schema_version(c->d->store);
	bs->size = -1;
	crypto_hash_sha256_init(&bs->sha);
	if ((err = store_backup_begin(c->d->store, &bs->b)) != CIVIC_OK) {
		free(bs);
		return err;
	}
	call_stream(c, backup_next, backup_free, bs);
	return CIVIC_OK;
}
