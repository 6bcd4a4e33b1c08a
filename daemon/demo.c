/*
 * demo.c - demo data for a first look: the associations and citizens of
 * Ballerup that the README's tour uses. Everything goes through the same
 * store functions, and so the same checks, as real calls.
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "log.h"
#include "store.h"

static const struct {
	enum applicant_kind kind;
	const char *name, *cvr, *contact, *email, *phone, *address;
} demo_applicants[] = {
	{ APPLICANT_ASSOCIATION, "Røde Kors Ballerup", "12345674",
	    "Hanne Nielsen", "ballerup@example.org", "+4544770001",
	    "Hold-An Vej 7\n2750 Ballerup" },
	{ APPLICANT_ASSOCIATION, "Venligboerne Ballerup", "", "Jamal Farah",
	    "venligboerne@example.org", "+4544770002", "" },
	{ APPLICANT_CITIZEN, "Amira Haddad", "", "", "amira@example.org", "",
	    "" },
};

int
demo_seed(struct store *s)
{
	struct identity demo;
	struct applicant a;
	int64_t id, other;
	size_t i;

	memset(&demo, 0, sizeof demo);
	demo.known = true;
	demo.roles = ROLE_ADMIN;
	snprintf(demo.user, sizeof demo.user, "demo");
	for (i = 0; i < sizeof demo_applicants / sizeof demo_applicants[0];
	     i++) {
		memset(&a, 0, sizeof a);
		a.kind = demo_applicants[i].kind;
		snprintf(a.name, sizeof a.name, "%s", demo_applicants[i].name);
		snprintf(a.cvr, sizeof a.cvr, "%s", demo_applicants[i].cvr);
		snprintf(a.contact_person, sizeof a.contact_person, "%s",
		    demo_applicants[i].contact);
		snprintf(a.email, sizeof a.email, "%s",
		    demo_applicants[i].email);
		snprintf(a.phone, sizeof a.phone, "%s",
		    demo_applicants[i].phone);
		snprintf(a.address, sizeof a.address, "%s",
		    demo_applicants[i].address);
		if (store_applicant_add(s, &demo, &a, NULL, &id, &other) !=
		    CIVIC_OK) {
			log_err("demo data: cannot add %s", a.name);
			return -1;
		}
	}
	log_notice(
	    "demo data: added %zu applicants (no tokens yet: issue one with "
	    "`civic applicant rotate ID`)",
	    i);
	return 0;
}
