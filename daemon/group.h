/*
 * group.h - group commit. The write calls that arrive in one turn of the
 * event loop run in one transaction (each in a savepoint of its own), and
 * one COMMIT, one fsync, makes them all durable. Their replies wait until
 * it has: a reply that says done still means committed. A failed commit
 * answers each of them that civicd failed.
 *
 * The group commits at the end of the turn in which it opened, and before
 * anything that must not run inside it: a read call (which must never see
 * what is not committed), a backup, a timer's own transaction, shutdown.
 */
#ifndef CIVICD_GROUP_H
#define CIVICD_GROUP_H

#include <stdbool.h>

#include <jansson.h>

#include "civicd.h"

struct reply_sink;
struct store;

/*
 * Lets write calls share commits, on d's event loop. Without it (the unit
 * tests, which have no loop) every call commits alone. Returns 0 or -1.
 */
int group_init(struct civicd *d);

/* Frees what group_init made; commits an open group first. */
void group_free(struct civicd *d);

/*
 * A write call is about to run: opens the group if none is open. True if
 * the call runs in it (its reply must then go through group_hold), false
 * if it commits alone (no loop, or the group could not begin).
 */
bool group_join(struct civicd *d);

/*
 * Commits the open group, if any, and sends the replies it held. After a
 * call that SQLite rolled back entirely (store_group_alive), the group is
 * lost: its replies then say civicd failed. Returns true if nothing was
 * open or the commit succeeded.
 */
bool group_commit(struct civicd *d);

/*
 * For a stream's later pieces, read outside their call: commits the open
 * group, then runs read(store, arg) in a read transaction of its own.
 * Returns what read returned, or the transaction's failure.
 */
enum civic_err group_read(struct civicd *d,
    enum civic_err (*read)(struct store *s, void *arg), void *arg);

/*
 * Holds msg (stolen) for sink until the group commits. grouped: the reply
 * of a call in the group, which a failed commit turns into a failure.
 * Every later message for the same sink is held behind it (method_send),
 * so a connection's replies keep their order.
 */
void group_hold(struct reply_sink *sink, json_t *msg, bool grouped);

/* The sink is going away: its held replies are dropped. */
void group_forget(struct reply_sink *sink);

#endif
