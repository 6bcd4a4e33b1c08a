/*
 * audit-failure.c - why an audit trail does not verify, in words (see
 * audit-failure.h).
 */
#include <stdio.h>
#include <string.h>

#include "intl.h"
#include "audit-failure.h"

const char *const audit_failure_names[] = { "missing", "twice", "changed",
	"moved", "broken", "columns", "incomplete", "signature", "truncated",
	"rewritten", NULL };

void
audit_failure_say(const char *f, int64_t entry, int64_t other,
    int64_t checkpoint, char *buf, size_t len)
{
	long long a = (long long)entry, b = (long long)other;
	char which[48];

	if (checkpoint > 0)
		snprintf(which, sizeof which, _("checkpoint %lld"),
		    (long long)checkpoint);
	else
		snprintf(which, sizeof which, _("the exported checkpoint"));
	if (strcmp(f, "missing") == 0)
		snprintf(buf, len,
		    _("entry %lld is missing (the next one kept is %lld)"), a,
		    b);
	else if (strcmp(f, "twice") == 0)
		snprintf(buf, len, _("entry %lld appears twice"), a);
	else if (strcmp(f, "changed") == 0)
		snprintf(buf, len,
		    _("entry %lld was changed: its content no longer has the "
		      "hash it was stored with"),
		    a);
	else if (strcmp(f, "moved") == 0)
		snprintf(buf, len,
		    _("entry %lld holds entry %lld's content: entries were "
		      "moved or swapped"),
		    a, b);
	else if (strcmp(f, "broken") == 0)
		snprintf(buf, len,
		    _("entry %lld does not follow entry %lld: the chain is "
		      "broken here"),
		    a, b);
	else if (strcmp(f, "columns") == 0)
		snprintf(buf, len,
		    _("entry %lld was changed: its columns no longer match its "
		      "content"),
		    a);
	else if (strcmp(f, "incomplete") == 0)
		snprintf(buf, len, _("entry %lld is incomplete"), a);
	else if (strcmp(f, "signature") == 0)
		snprintf(buf, len,
		    _("%s does not carry this daemon's signature: it was "
		      "changed, or signed with another key"),
		    which);
	else if (strcmp(f, "truncated") == 0)
		snprintf(buf, len,
		    _("the trail ends at entry %lld, but %s covers %lld entries: "
		      "entries were removed, or the database rolled back"),
		    a, which, b);
	else if (strcmp(f, "rewritten") == 0)
		snprintf(buf, len,
		    _("entry %lld is not the one %s signed: the trail was "
		      "rewritten"),
		    a, which);
	else
		snprintf(buf, len, "%s", f); /* a newer civicd's kind */
}
