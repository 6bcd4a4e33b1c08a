/*
 * iface-meetings.h - what the dk.civic.meetings handlers share.
 */
#ifndef CIVICD_IFACE_MEETINGS_H
#define CIVICD_IFACE_MEETINGS_H

#include "method.h"
#include "store-meeting.h"

json_t *meetings_meeting_json(const struct meeting *m,
    const struct meeting_times *t);
json_t *meetings_registration_json(const struct civicd *d,
    const struct registration *g);

/* Fails the call for a store refusal about a meeting (id). */
enum civic_err meetings_refused(struct call *c, enum civic_err err, int64_t id,
    const struct meeting_refusal *r, enum reason state);

/* Replies with registration id, plus the fields of extra (stolen). */
/* A change's "promoted" (how many) and "moved_up" (who: the first
 * PROMOTED_MAX, as registrations), for its reply. */
json_t *meetings_promoted_json(const struct civicd *d,
    const struct promoted *p);

enum civic_err meetings_reply_registration(struct call *c, int64_t id,
    json_t *extra);

#endif
