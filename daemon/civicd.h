/*
 * civicd.h - the daemon's shared state: configuration and the parts that
 * live for the whole run. One instance, made in main.c.
 */
#ifndef CIVICD_CIVICD_H
#define CIVICD_CIVICD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "auth.h"
#include "crypto.h"
#include "store-fund.h"
#include "store-meeting.h"
#include "store-privacy.h"

struct event_base;
struct server;
struct store;

/* Every limit a peer is held to; each has a daemon option. */
struct limits {
	size_t max_message;       /* bytes in one message, without its NUL */
	unsigned message_timeout; /* seconds to finish a started message */
	unsigned idle_timeout;    /* seconds a connection may do nothing */
	unsigned max_connections; /* in all */
	unsigned max_per_uid;     /* for one uid */
	size_t max_output;        /* reply bytes queued before reading stops */
};

#define LIMITS_DEFAULT_MAX_MESSAGE     (64 * 1024)
#define LIMITS_DEFAULT_MESSAGE_TIMEOUT 10
#define LIMITS_DEFAULT_IDLE_TIMEOUT    300
#define LIMITS_DEFAULT_MAX_CONNECTIONS 1024
#define LIMITS_DEFAULT_MAX_PER_UID     64
#define LIMITS_DEFAULT_MAX_OUTPUT      (1024 * 1024)

struct civicd {
	struct event_base *base;
	struct server *server;
	struct store *store;
	struct limits limits;
	struct auth_config auth;
	struct signing_key ticket_key; /* signs meeting tickets */
	struct signing_key audit_key;  /* signs audit checkpoints */
	struct retention_policy retention;
	struct fund_defaults fund;     /* what a fund year is opened with */
	struct meeting_times meetings; /* check-in hours, unclosed meetings */
	unsigned retention_interval;   /* seconds between retention runs */
	unsigned checkpoint_interval;  /* seconds between checkpoints */
	time_t started;                /* wall clock */
	time_t started_mono;           /* for uptime */
	bool stopping;
};

#endif
