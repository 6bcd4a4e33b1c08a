/*
 * audit-failure.h - why an audit trail does not verify, as civicd sends it
 * (a kind and the numbers it names) and as people read it. civicd's log
 * and the civic client say it with the same words.
 */
#ifndef CIVIC_AUDIT_FAILURE_H
#define CIVIC_AUDIT_FAILURE_H

#include <stddef.h>
#include <stdint.h>

/* The kinds, by their wire names: index = enum audit_failure (audit.h). */
extern const char *const audit_failure_names[];

/*
 * Says in buf why the trail does not verify: failure is a wire name,
 * entry and other the entries it names, checkpoint the checkpoint's
 * number (0: an exported one). An unknown kind is said as it is.
 */
void audit_failure_say(const char *failure, int64_t entry, int64_t other,
    int64_t checkpoint, char *buf, size_t len);

#endif
