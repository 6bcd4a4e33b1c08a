/*
 * peer.c - one client connection (see peer.h).
 *
 * A peer reads messages, hands each whole one to the dispatcher, and queues
 * the replies. It enforces every per-connection limit:
 *
 *  - a message longer than max_message, or not finished within
 *    message_timeout of its first byte, gets a ProtocolError and the
 *    connection is closed;
 *  - a connection that does nothing for idle_timeout is closed;
 *  - while more than max_output bytes of replies wait to be read, the peer
 *    is not read from (its calls wait in the kernel), and a peer that
 *    reads nothing for idle_timeout is dropped.
 *
 * A peer that breaks the protocol is answered, closed, and forgotten; no
 * other peer notices. Closing is always "after the replies are written".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "clock.h"
#include "frame.h"
#include "group.h"
#include "log.h"
#include "method.h"
#include "peer.h"

/* How long a closing peer gets to read its last replies. */
#define PEER_FLUSH_GRACE 5

/* How long a refused peer may take to send its first message. */
#define PEER_REJECT_LINGER 1

/* How much a peer's unread input shutdown still reads and answers. */
#define PEER_DRAIN_MAX (4 * 1024 * 1024)

/*
 * How long, once civicd is stopping, a connected peer may still send
 * calls, which are answered: a client that connected just before the
 * signal (its connection queued, or accepted but its call not yet read)
 * loses nothing to a restart.
 */
#define PEER_SHUTDOWN_LINGER_MS 1000

/* A streamed call adds pieces while less than this waits to be read. */
#define PEER_STREAM_LOW (256 * 1024)

struct peer {
	struct civicd *d;
	struct bufferevent *bev;
	struct event *timer;
	struct event *later; /* a stream's next piece, after the others */
	struct identity who;
	struct framer framer;
	struct reply_sink sink;
	uint64_t id;
	int64_t msg_started_ms;  /* first byte of a partial message */
	int64_t linger_until_ms; /* stopping: calls read until then */
	bool rejected;           /* never served; counts for no limit */
	uid_t rejected_uid;      /* whose it was, for the per-uid bound */
	bool paused;             /* output over max_output */
	bool eof;                /* the peer has sent all it will */
	bool closing;            /* write what is queued, then go */
	bool lost;               /* a reply could not be queued: close */
	TAILQ_ENTRY(peer) entry;
};

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar) \
	for ((var) = TAILQ_FIRST(head); \
	     (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1); \
	     (var) = (tvar))
#endif

static TAILQ_HEAD(, peer) peer_list = TAILQ_HEAD_INITIALIZER(peer_list);
static unsigned peer_served;
static uint64_t peer_next_id = 1;

static void peer_process(struct peer *p);
static void peer_pump(struct peer *p);
static void peer_last_calls(struct peer *p);

static void
peer_free(struct peer *p)
{
	struct civicd *d = p->d;

	log_debug("peer %llu (uid %u) closed", (unsigned long long)p->id,
	    (unsigned)p->who.uid);
	TAILQ_REMOVE(&peer_list, p, entry);
	if (!p->rejected)
		peer_served--;
	call_stream_end(&p->sink);
	if (p->sink.held > 0)
		group_forget(&p->sink);
	if (p->timer != NULL)
		event_free(p->timer);
	if (p->later != NULL)
		event_free(p->later);
	if (p->bev != NULL)
		bufferevent_free(p->bev);
	explicit_bzero(&p->who, sizeof p->who);
	free(p);
	if (d->stopping && TAILQ_EMPTY(&peer_list))
		event_base_loopexit(d->base, NULL);
}

/* Arms the peer's one timer for whichever deadline comes next. */
static void
peer_arm(struct peer *p)
{
	struct timeval tv = { 0, 0 };
	int64_t left_ms;

	if (p->closing)
		tv.tv_sec = PEER_FLUSH_GRACE;
	else if (p->linger_until_ms != 0) {
		left_ms = p->linger_until_ms - clock_mono_ms();
		if (left_ms > 0) {
			tv.tv_sec = left_ms / 1000;
			tv.tv_usec = (left_ms % 1000) * 1000;
		}
	} else if (p->msg_started_ms != 0) {
		left_ms = p->msg_started_ms +
		    (int64_t)p->d->limits.message_timeout * 1000 -
		    clock_mono_ms();
		if (left_ms > 0) {
			tv.tv_sec = left_ms / 1000;
			tv.tv_usec = (left_ms % 1000) * 1000;
		}
	} else
		tv.tv_sec = p->d->limits.idle_timeout;
	evtimer_add(p->timer, &tv);
}

/*
 * Stops reading and closes the peer once its queued replies are written.
 * Frees it at once if nothing is queued; the caller must not touch p
 * after this returns.
 */
static void
peer_close(struct peer *p)
{
	p->closing = true;
	bufferevent_disable(p->bev, EV_READ);
	evbuffer_drain(bufferevent_get_input(p->bev),
	    evbuffer_get_length(bufferevent_get_input(p->bev)));
	/* Replies a group commit holds are written when it commits. */
	if (evbuffer_get_length(bufferevent_get_output(p->bev)) == 0 &&
	    p->sink.held == 0) {
		peer_free(p);
		return;
	}
	peer_arm(p);
}

/* The sink method.c writes replies through. */
static void
peer_send(void *ctx, json_t *msg)
{
	/* What a caller gets when its reply cannot be made: civicd failed
	 * (R_INTERNAL), written without allocating. */
	static const char lost[] = "{\"error\":\"dk.civic.core.InternalError\","
				   "\"parameters\":{}}";
	struct peer *p = ctx;
	struct evbuffer *out = bufferevent_get_output(p->bev);
	char *text = NULL;

	/* NULL: the dispatcher could not build the reply (out of memory). */
	if (msg == NULL || (text = json_dumps(msg, JSON_COMPACT)) == NULL) {
		log_err("peer %llu: cannot encode a reply: out of memory",
		    (unsigned long long)p->id);
		if (evbuffer_add(out, lost, sizeof lost) != 0)
			p->lost = true;
		goto out;
	}
	/* The NUL that ends the string ends the message. */
	if (evbuffer_add(out, text, strlen(text) + 1) != 0 &&
	    evbuffer_add(out, lost, sizeof lost) != 0) {
		log_err("peer %llu: cannot queue a reply: out of memory",
		    (unsigned long long)p->id);
		p->lost = true;
	}
	free(text);
out:
	json_decref(msg);
}

/* Refuses the peer's last message for id (with one figure, n) and
 * closes the connection once the refusal is sent. */
static void
peer_protocol_error(struct peer *p, enum reason id, int64_t n)
{
	struct refusal r;

	log_info("peer %llu (uid %u): protocol error %s; closing",
	    (unsigned long long)p->id, (unsigned)p->who.uid,
	    reason_table[id].code);
	REFUSE(&r, id, FN(n));
	method_send_refusal(&p->sink, &r);
	peer_close(p);
}

/* A stream that said CALL_STREAM_LATER goes on. */
static void
peer_later_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer *p = arg;

	(void)fd;
	(void)what;
	if (p->sink.stream != NULL && !p->closing)
		peer_pump(p);
}

/*
 * Sends the pieces of a streamed call while little waits to be read; when
 * it is done, goes back to the calls that waited behind it. May free p.
 */
static void
peer_pump(struct peer *p)
{
	static const struct timeval now = { 0, 0 };
	struct evbuffer *out = bufferevent_get_output(p->bev);
	struct call_stream *st = p->sink.stream;
	int rc;

	while (evbuffer_get_length(out) < PEER_STREAM_LOW) {
		rc = st->next(st->state, &p->sink);
		if (rc == CALL_STREAM_LATER && !p->lost) {
			/* A timer, not an active event: it runs after the
			 * loop has looked for what the others sent. */
			if (p->later == NULL)
				p->later = evtimer_new(p->d->base,
				    peer_later_cb, p);
			if (p->later == NULL ||
			    evtimer_add(p->later, &now) != 0) {
				log_err("peer %llu: cannot go on with a call: "
					"out of memory",
				    (unsigned long long)p->id);
				call_stream_end(&p->sink);
				peer_close(p);
				return;
			}
			break;
		}
		if (rc != 1 || p->lost) {
			if (p->lost) {
				call_stream_end(&p->sink);
				peer_close(p);
				return;
			}
			call_stream_end(&p->sink);
			if (!p->eof && !p->paused)
				bufferevent_enable(p->bev, EV_READ);
			peer_process(p);
			return;
		}
	}
	peer_arm(p);
}

/*
 * Answers every whole message in the input, unless the replies pile up
 * beyond max_output, in which case reading pauses until they are read.
 * May free p.
 */
static void
peer_process(struct peer *p)
{
	struct evbuffer *in = bufferevent_get_input(p->bev);
	struct evbuffer *out = bufferevent_get_output(p->bev);
	const struct limits *lim = &p->d->limits;
	enum frame_status st;
	char *msg;
	size_t len;
	int rc;

	/* A streamed call in progress answers first; the calls after it
	 * wait their turn. */
	if (p->sink.stream != NULL) {
		peer_arm(p);
		return;
	}
	while (!p->closing && !p->paused) {
		st = frame_find(in, &p->framer, lim->max_message, &len);
		if (st == FRAME_TOO_LARGE) {
			peer_protocol_error(p, R_PROTO_TOO_LARGE,
			    (int64_t)lim->max_message);
			return;
		}
		if (st == FRAME_INCOMPLETE)
			break;
		msg = frame_take(in, &p->framer, len);
		p->msg_started_ms = 0;
		if (msg == NULL) {
			peer_protocol_error(p, R_PROTO_MEMORY, 0);
			return;
		}
		rc = method_dispatch(p->d, &p->who, msg, len, &p->sink);
		free(msg);
		/* A reply that could not even be queued leaves the caller
		 * waiting: closing tells it at once. */
		if (rc != 0 || p->lost) {
			peer_close(p);
			return;
		}
		if (p->sink.stream != NULL) {
			/* Nothing more is read until the stream is done. */
			bufferevent_disable(p->bev, EV_READ);
			peer_pump(p);
			return;
		}
		if (evbuffer_get_length(out) > lim->max_output &&
		    !p->d->stopping) {
			/* Stop reading until the peer reads its replies. */
			p->paused = true;
			bufferevent_disable(p->bev, EV_READ);
			log_debug(
			    "peer %llu: %zu bytes of replies unread; pausing",
			    (unsigned long long)p->id,
			    evbuffer_get_length(out));
		}
	}
	if (evbuffer_get_length(in) > 0) {
		if (p->eof && p->d->stopping) {
			struct refusal r;

			REFUSE0(&r, R_SHUTTING_DOWN);
			method_send_refusal(&p->sink, &r);
			peer_close(p);
			return;
		}
		if (p->eof) {
			peer_protocol_error(p, R_PROTO_CUT_OFF, 0);
			return;
		}
		/* The clock runs from when the peer could send: not while
		 * civicd, paused, is not reading what it sends. */
		if (p->msg_started_ms == 0 && !p->paused)
			p->msg_started_ms = clock_mono_ms();
	} else if (p->eof && !p->paused) {
		peer_close(p);
		return;
	}
	peer_arm(p);
}

/*
 * A refused peer is read from until its first message is complete (or
 * it closes), and its input thrown away: closing earlier would make the
 * peer's write fail before it could read why it was refused.
 */
static void
peer_rejected_read(struct peer *p)
{
	struct evbuffer *in = bufferevent_get_input(p->bev);
	struct evbuffer_ptr at = evbuffer_search(in, "", 1, NULL);

	evbuffer_drain(in, evbuffer_get_length(in));
	if (at.pos >= 0 || p->eof)
		peer_close(p);
}

static void
peer_read_cb(struct bufferevent *bev, void *arg)
{
	struct peer *p = arg;

	(void)bev;
	if (p->rejected)
		peer_rejected_read(p);
	else
		peer_process(p);
}

/* Called when the output has been written out entirely. */
static void
peer_write_cb(struct bufferevent *bev, void *arg)
{
	struct peer *p = arg;

	(void)bev;
	if (p->closing) {
		peer_free(p);
		return;
	}
	if (p->sink.stream != NULL) {
		peer_pump(p);
		return;
	}
	if (p->paused) {
		p->paused = false;
		if (!p->eof)
			bufferevent_enable(p->bev, EV_READ);
		peer_process(p);
		return;
	}
	peer_arm(p);
}

static void
peer_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct peer *p = arg;

	(void)bev;
	if (what & BEV_EVENT_EOF) {
		/* The peer may have half-closed: answer what it sent. */
		p->eof = true;
		bufferevent_disable(p->bev, EV_READ);
		if (p->rejected)
			peer_rejected_read(p);
		else if (!p->closing)
			peer_process(p);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		log_info(
		    "peer %llu (uid %u): replies unread for %u s; dropping",
		    (unsigned long long)p->id, (unsigned)p->who.uid,
		    p->d->limits.idle_timeout);
	else if (what & BEV_EVENT_ERROR)
		log_debug("peer %llu: %s", (unsigned long long)p->id,
		    strerror(errno));
	peer_free(p);
}

static void
peer_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer *p = arg;

	(void)fd;
	(void)what;
	if (p->closing || p->rejected) {
		log_debug("peer %llu: did not read its last replies",
		    (unsigned long long)p->id);
		peer_free(p);
	} else if (p->linger_until_ms != 0) {
		if (p->sink.stream != NULL) {
			/* A backup in progress goes on; look again later. */
			p->linger_until_ms = clock_mono_ms() +
			    PEER_SHUTDOWN_LINGER_MS;
			peer_arm(p);
		} else
			peer_last_calls(p);
	} else if (p->msg_started_ms != 0) {
		peer_protocol_error(p, R_PROTO_TOO_SLOW,
		    p->d->limits.message_timeout);
	} else if (p->paused) {
		log_info("peer %llu (uid %u): replies unread for %u s; "
			 "dropping",
		    (unsigned long long)p->id, (unsigned)p->who.uid,
		    p->d->limits.idle_timeout);
		peer_free(p);
	} else {
		log_debug("peer %llu: idle for %u s; closing",
		    (unsigned long long)p->id, p->d->limits.idle_timeout);
		peer_free(p);
	}
}

static struct peer *
peer_alloc(struct civicd *d, int fd, const struct identity *who)
{
	struct timeval wtv = { (time_t)d->limits.idle_timeout, 0 };
	struct peer *p;

	if ((p = calloc(1, sizeof *p)) == NULL) {
		close(fd);
		return NULL;
	}
	p->d = d;
	p->who = *who;
	p->id = peer_next_id++;
	p->sink.send = peer_send;
	p->sink.ctx = p;
	p->sink.async = true;
	p->bev = bufferevent_socket_new(d->base, fd, BEV_OPT_CLOSE_ON_FREE);
	p->timer = evtimer_new(d->base, peer_timer_cb, p);
	if (p->bev == NULL || p->timer == NULL) {
		if (p->bev == NULL)
			close(fd);
		else
			bufferevent_free(p->bev);
		if (p->timer != NULL)
			event_free(p->timer);
		free(p);
		return NULL;
	}
	bufferevent_setcb(p->bev, peer_read_cb, peer_write_cb, peer_event_cb,
	    p);
	/* Never hold more than one message (and its NUL) unread. */
	bufferevent_setwatermark(p->bev, EV_READ, 0, d->limits.max_message + 1);
	bufferevent_set_timeouts(p->bev, NULL, &wtv);
	TAILQ_INSERT_TAIL(&peer_list, p, entry);
	return p;
}

int
peer_new(struct civicd *d, int fd, const struct identity *who)
{
	struct peer *p;

	if ((p = peer_alloc(d, fd, who)) == NULL) {
		log_err("cannot serve a connection: out of memory");
		return -1;
	}
	peer_served++;
	log_debug("peer %llu: uid %u gid %u pid %d connected",
	    (unsigned long long)p->id, (unsigned)who->uid, (unsigned)who->gid,
	    (int)who->pid);
	bufferevent_enable(p->bev, EV_READ);
	peer_arm(p);
	return 0;
}

/* Writes r's frame to fd if it can at once, and closes fd. */
static void
peer_refuse_now(int fd, const struct refusal *r)
{
	json_t *msg = json_pack("{s:s, s:o}", "error",
	    civic_err_name(reason_err(r->reason)), "parameters",
	    refusal_params(r));
	char *text = msg != NULL ? json_dumps(msg, JSON_COMPACT) : NULL;

	if (text != NULL && write(fd, text, strlen(text) + 1) < 0)
		log_debug("refused connection: %s", strerror(errno));
	free(text);
	json_decref(msg);
	close(fd);
}

void
peer_reject(struct civicd *d, int fd, const struct identity *who,
    const struct refusal *r)
{
	struct timeval linger = { PEER_REJECT_LINGER, 0 };
	struct identity nobody;
	struct peer *p;
	unsigned n = 0;

	TAILQ_FOREACH(p, &peer_list, entry)
	{
		if (p->rejected && p->rejected_uid == who->uid)
			n++;
	}
	if (n >= PEER_REJECT_MAX_PER_UID) {
		peer_refuse_now(fd, r);
		return;
	}
	memset(&nobody, 0, sizeof nobody);
	if ((p = peer_alloc(d, fd, &nobody)) == NULL)
		return;
	p->rejected = true;
	p->rejected_uid = who->uid;
	method_send_refusal(&p->sink, r);
	bufferevent_setwatermark(p->bev, EV_READ, 0, 0);
	bufferevent_enable(p->bev, EV_READ);
	evtimer_add(p->timer, &linger);
}

unsigned
peer_count(void)
{
	return peer_served;
}

unsigned
peer_count_uid(uid_t uid)
{
	struct peer *p;
	unsigned n = 0;

	TAILQ_FOREACH(p, &peer_list, entry)
	{
		if (!p->rejected && p->who.known && p->who.uid == uid)
			n++;
	}
	return n;
}

/* Reads what the kernel holds for p, up to PEER_DRAIN_MAX bytes. */
static void
peer_drain_socket(struct peer *p)
{
	struct evbuffer *in = bufferevent_get_input(p->bev);
	evutil_socket_t fd = bufferevent_getfd(p->bev);
	size_t got = 0;
	int n;

	while (got < PEER_DRAIN_MAX && (n = evbuffer_read(in, fd, 65536)) > 0)
		got += (size_t)n;
}

void
peer_shutdown_all(struct civicd *d)
{
	struct peer *p, *next;

	if (TAILQ_EMPTY(&peer_list)) {
		event_base_loopexit(d->base, NULL);
		return;
	}
	TAILQ_FOREACH_SAFE(p, &peer_list, entry, next)
	{
		if (p->closing || p->rejected)
			continue;
		/*
		 * Calls the peer sent before the signal are answered, even
		 * those still in the kernel's buffer; and for a moment
		 * (PEER_SHUTDOWN_LINGER_MS) the calls it sends now. Then
		 * peer_last_calls closes it.
		 */
		peer_drain_socket(p);
		p->linger_until_ms = clock_mono_ms() + PEER_SHUTDOWN_LINGER_MS;
		peer_process(p);
	}
}

/* The linger is over: answer every whole message read, and close. */
static void
peer_last_calls(struct peer *p)
{
	bufferevent_disable(p->bev, EV_READ);
	peer_drain_socket(p);
	p->paused = false;
	p->eof = true;
	peer_process(p);
}

void
peer_free_all(void)
{
	struct peer *p;

	while ((p = TAILQ_FIRST(&peer_list)) != NULL)
		peer_free(p);
}
