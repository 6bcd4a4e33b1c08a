/*
 * group.c - group commit (see group.h).
 *
 * The commit is an event made active when the group opens. libevent runs
 * active events in the order they became active, so it runs after every
 * connection that was ready in the same turn has been read: the calls
 * that came while the last fsync ran share the next one. The event is
 * never starved, as a lower priority would be under load.
 */
#include <stdlib.h>

#include <event2/event.h>

#include "group.h"
#include "log.h"
#include "method.h"
#include "store.h"

struct group_reply {
	struct reply_sink *sink; /* NULL once its connection is gone */
	json_t *msg;
	bool grouped; /* a call's reply in the group: void if it is lost */
};

static struct {
	struct civicd *d;
	struct event *ev;
	struct group_reply *v;
	size_t n, cap;
	size_t calls; /* in the open group */
} group;

static void
group_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	group_commit(arg);
}

int
group_init(struct civicd *d)
{
	group.d = d;
	group.ev = event_new(d->base, -1, 0, group_cb, d);
	return group.ev != NULL ? 0 : -1;
}

void
group_free(struct civicd *d)
{
	group_commit(d);
	if (group.ev != NULL)
		event_free(group.ev);
	free(group.v);
	group.ev = NULL;
	group.v = NULL;
	group.n = group.cap = 0;
}

bool
group_join(struct civicd *d)
{
	if (group.ev == NULL)
		return false;
	if (store_group_open(d->store) && !store_group_alive(d->store))
		group_commit(d); /* lost: answer its calls first */
	if (!store_group_open(d->store)) {
		if (store_group_begin(d->store) != CIVIC_OK)
			return false;
		group.calls = 0;
		event_active(group.ev, EV_TIMEOUT, 1);
	}
	group.calls++;
	return true;
}

bool
group_commit(struct civicd *d)
{
	struct group_reply *r;
	enum civic_err err;
	size_t i, n = group.n;

	if (!store_group_open(d->store))
		return true;
	if (group.ev != NULL)
		event_del(group.ev);
	err = store_group_commit(d->store);
	if (err != CIVIC_OK)
		log_err("a commit failed: the %zu calls in it are answered "
			"that civicd failed, and none of them was kept",
		    group.calls);
	else
		log_debug("committed %zu calls in one transaction",
		    group.calls);
	group.n = 0;
	for (i = 0; i < n; i++) {
		r = &group.v[i];
		if (r->sink == NULL) {
			json_decref(r->msg);
			continue;
		}
		r->sink->held--;
		if (err != CIVIC_OK && r->grouped) {
			json_decref(r->msg);
			r->msg = method_refusal_msg(R_INTERNAL);
		}
		r->sink->send(r->sink->ctx, r->msg);
	}
	group.calls = 0;
	return err == CIVIC_OK;
}

enum civic_err
group_read(struct civicd *d, enum civic_err (*read)(struct store *, void *),
    void *arg)
{
	enum civic_err err;

	(void)group_commit(d);
	if ((err = store_call_begin(d->store, false)) != CIVIC_OK)
		return err;
	return store_call_end(d->store, read(d->store, arg), NULL);
}

void
group_hold(struct reply_sink *sink, json_t *msg, bool grouped)
{
	struct group_reply *v;
	size_t cap;

	if (group.n == group.cap) {
		cap = group.cap != 0 ? group.cap * 2 : 64;
		if ((v = realloc(group.v, cap * sizeof *v)) == NULL) {
			/* No room to hold it: commit now (the call that made
			 * msg is in the group) and send it in its turn. */
			log_err("cannot hold a reply: out of memory; "
				"committing at once");
			if (!group_commit(group.d) && grouped) {
				json_decref(msg);
				msg = method_refusal_msg(R_INTERNAL);
			}
			sink->send(sink->ctx, msg);
			return;
		}
		group.v = v;
		group.cap = cap;
	}
	group.v[group.n++] = (struct group_reply){ .sink = sink,
		.msg = msg,
		.grouped = grouped };
	sink->held++;
}

void
group_forget(struct reply_sink *sink)
{
	size_t i;

	for (i = 0; i < group.n && sink->held > 0; i++)
		if (group.v[i].sink == sink) {
			group.v[i].sink = NULL;
			sink->held--;
		}
}
