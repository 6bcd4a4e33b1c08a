/*
 * method.h - the method table and the dispatcher.
 *
 * Every varlink method is one entry { name, roles, flags, handler } in
 * the one table in method.c. The dispatcher parses a frame into a call,
 * finds the entry, checks the caller's roles (and re-checks a token),
 * refuses parameters the method's IDL does not declare, opens the call's
 * transaction (a write one for M_WRITE), runs the handler, records a read
 * of personal data in the access log (M_PERSONAL), commits, and only then
 * sends the reply. Handlers validate every field into a typed struct
 * before their store calls, and return a result; they never write to the
 * connection, open a transaction or write the access log themselves.
 */
#ifndef CIVICD_METHOD_H
#define CIVICD_METHOD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "civicd.h"
#include "errors.h"
#include "identity.h"
#include "jfield.h"
#include "reason.h"

struct call;
struct reply_sink;

/*
 * A call that goes on after its handler returns, one piece at a time, so
 * that a long answer (a backup) is sent only as fast as the caller reads
 * it. next sends the next replies through the sink and returns 1 while
 * more are to come, 0 after the last one (or an error reply).
 */
struct call_stream {
	/* 1: more to come; 0: done; CALL_STREAM_LATER: nothing sent now,
	 * call again after the event loop has served the others. */
	int (*next)(void *state, struct reply_sink *sink);
	void (*free)(void *state);
	void *state;
};

#define CALL_STREAM_LATER 2

/* Where replies go: peer.c writes them to the connection; tests collect. */
struct reply_sink {
	/* Steals msg. NULL means the reply could not be built (out of
	 * memory): the caller must still hear that the call failed. */
	void (*send)(void *ctx, json_t *msg);
	void *ctx;
	/* With async, a streamed call is left in stream for the owner to
	 * drive (peer.c, as the peer reads); without, the dispatcher runs
	 * it to the end at once. */
	bool async;
	struct call_stream *stream;
	/* Replies group.c holds for this sink until a commit: while any
	 * are held, every reply is held behind them. */
	unsigned held;
};

struct method;

struct call {
	struct civicd *d;
	const struct method *m; /* the table's entry, once found */
	struct identity *who;   /* the caller; Authenticate may change it */
	const char *method;     /* "dk.civic.applicants.Add" */
	const json_t *params;   /* always an object */
	bool more;              /* the caller accepts several replies */
	bool oneway;            /* the caller wants no reply */
	struct reply_sink *sink;

	/* Results, set by the handler through the call_* functions. */
	json_t *reply;                 /* parameters of the final reply */
	json_t *error;                 /* parameters of the error */
	size_t listed;                 /* items in the current list chunk */
	struct call_stream stream;     /* set by a handler that streams */
	struct call_subject *subjects; /* what an M_PERSONAL call showed */
	size_t nsubjects;
	bool disclosed;     /* the access log has its rows */
	bool undisclosable; /* ... and could not be given them */
	bool keep_refusal;  /* commit what a failed call wrote */
	bool dry_run;       /* do it all, reply, and keep nothing */
	bool lost;          /* part of the reply was lost to memory */
	bool grouped;       /* ran in a group commit (group.h) */
};

/* One thing a call showed, for the access log. */
struct call_subject {
	const char *kind; /* static: "registration" */
	int64_t id;
};

typedef enum civic_err (*method_fn)(struct call *c);

/* What a method is, for the dispatcher (and proved by the suite). */
enum method_flag {
	/* It changes the database. Its call runs in one write transaction;
	 * any other call runs in a read transaction that SQLite keeps from
	 * writing. */
	M_WRITE = 1 << 0,
	/* It shows a person's data. Before any of it leaves, the access log
	 * records who saw which (the entry's subject and call_subject),
	 * unless an applicant is reading its own. */
	M_PERSONAL = 1 << 1,
	/* It answers in pieces after its handler returns (call_stream). */
	M_STREAM = 1 << 2,
	/* It shows personal data only to the person it is about (the
	 * applicant whose token the caller holds): nothing to log. */
	M_OWN = 1 << 3,
};

struct method {
	const char *name;    /* full name: interface and method */
	unsigned roles;      /* ROLE_* bits allowed; ROLE_ANYONE for all */
	unsigned flags;      /* enum method_flag */
	const char *subject; /* with M_PERSONAL: the kind the log names */
	method_fn fn;
};

/*
 * Answers one frame (the JSON text of a message, NUL not included) from
 * the caller who. Returns 0 if the connection may go on, -1 if it broke
 * the protocol and must be closed once the error reply has been sent.
 */
int method_dispatch(struct civicd *d, struct identity *who, const char *msg,
    size_t len, struct reply_sink *sink);

/*
 * Checks that the method table and the embedded IDL name the same methods,
 * and takes each method's parameters from its IDL: the dispatcher refuses
 * any other. Returns 0, or -1 with a sentence in err naming the first
 * difference. civicd calls it at start; the dispatcher, if no one has.
 */
int method_check_table(char *err, size_t errlen);

/* Looks a method up by its full name; NULL if there is none. */
const struct method *method_find(const char *name);

/* The parameters the IDL declares for m (NULL ended). */
const char *const *method_fields(const struct method *m);

/* --- for handlers --- */

/* Sets the final reply's parameters (steals p); returns CIVIC_OK. */
enum civic_err call_reply(struct call *c, json_t *p);

/* Items per reply when a listing is streamed with "more". */
#define CALL_LIST_CHUNK 100

/*
 * Appends item (stolen) to the array key of the final reply. When the
 * caller asked for "more", each CALL_LIST_CHUNK items are sent at once as
 * a reply with "continues": true, and the final reply carries the rest:
 * one shape for a listing, in one reply or in several.
 */
void call_list_add(struct call *c, const char *key, json_t *item);

/*
 * Makes the call a stream: after the handler returns CIVIC_OK (with no
 * reply of its own), next is called until it says it is done; free is
 * called with state at the end, or if the caller goes away first.
 */
void call_stream(struct call *c, int (*next)(void *, struct reply_sink *),
    void (*free_state)(void *), void *state);

/*
 * A list that may be too long for one turn of the event loop. read
 * appends at most max items to list, from where its last call ended
 * (state keeps its place), and returns CIVIC_OK or the store's failure.
 * Without "more" the list is read whole in the call's transaction; with
 * it, each reply of CALL_LIST_CHUNK items is read in a transaction of its
 * own once the caller has taken the one before (group_read): bounded
 * memory, and a page's time on the loop. head (stolen) holds the other
 * members of every reply; free_state is called with state at the end.
 */
typedef enum civic_err call_page_fn(struct store *s, void *state, json_t *list,
    size_t max);
enum civic_err call_pages(struct call *c, json_t *head, const char *key,
    call_page_fn *read, void (*free_state)(void *), void *state);

/* For a stream's next: one reply (steals params), and an error reply. */
void call_stream_send(struct reply_sink *sink, json_t *params, bool continues);
void call_stream_fail(struct reply_sink *sink, enum reason id);

/* Ends a stream the owner drives: frees its state and itself. */
void call_stream_end(struct reply_sink *sink);

/* Fails the call with err and error parameters p (stolen, may be NULL). */
enum civic_err call_fail(struct call *c, enum civic_err err, json_t *p);

/*
 * Fails the call with a refusal from the reasons table (reason.h): its
 * error, its code and its typed figures; never a sentence.
 */
enum civic_err call_refuse(struct call *c, const struct refusal *r);
enum civic_err call_refusef(struct call *c, enum reason id, const struct fig *f,
    size_t n);
#define CALL_REFUSE0(c, id) call_refusef((c), (id), NULL, 0)
#define CALL_REFUSE(c, id, ...) \
	call_refusef((c), (id), (const struct fig[]){ __VA_ARGS__ }, \
	    sizeof((const struct fig[]){ __VA_ARGS__ }) / sizeof(struct fig))

/* Fails with the InvalidParameter reason a jfield getter gave. */
enum civic_err call_invalid(struct call *c, const struct jerr *e);

/*
 * Says that the refusal the handler is about to return is itself on
 * record (a refused check-in): the dispatcher commits the call's
 * transaction, which the store left holding that record alone, instead
 * of rolling it back.
 */
void call_keep_refusal(struct call *c);

/*
 * Reads the optional "dry_run" parameter of a call that moves money:
 * with it true, the dispatcher rolls the call's work back after the
 * handler replied, and the reply says "dry_run": true. -1 with e set if
 * it is not a boolean.
 */
int call_dry_run(struct call *c, struct jerr *e);

/*
 * Names a thing an M_PERSONAL call shows, for the access log: of kind
 * (static storage), or of the entry's subject kind if kind is NULL. A
 * call that names none is logged as one row of the entry's kind without
 * an id (a whole list).
 */
void call_subject(struct call *c, const char *kind, int64_t id);

/*
 * Counts a refusal of c's caller (a role it lacks, a token that fails).
 * True if the caller is past METHOD_REFUSALS_PER_MINUTE this minute: the
 * call is then refused with TooManyRefusals, and the caller must write
 * and log nothing more for it.
 */
bool call_refused_often(struct call *c);

/*
 * Ends the minute of every uid whose minute was over at now_ms (on
 * clock_mono_ms), logging one line with the count for each that went past
 * the limit, so that a flood that stops is still reported. civicd calls it
 * every minute. Returns the number of lines logged.
 */
unsigned method_refusals_tick(int64_t now_ms);

/* Fails with NotFound {what, id}. */
enum civic_err call_not_found(struct call *c, const char *what, int64_t id);

/* Sends a refusal outside any call (limits, shutdown). */
void method_send_refusal(struct reply_sink *sink, const struct refusal *r);

/* The error message of a refusal without figures; NULL if out of memory. */
json_t *method_refusal_msg(enum reason id);

#endif
