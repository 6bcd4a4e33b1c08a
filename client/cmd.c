/*
 * cmd.c - the one command table, and finding and explaining commands.
 * `civic help`, `civic COMMAND --help` and civic(1) all come from here;
 * a test checks that the man page names every entry.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "config.h"
#include "cmd.h"
#include "output.h"

/* The options of the commands that are all data (struct cmd_opt). */
static const struct cmd_opt grant_approve_opts[] = {
	{ "amount", "amount", OPT_MONEY, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "committee", "committee_ref", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL,
	    NULL, NULL },
	{ "date", "decision_date", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt grant_reject_opts[] = {
	{ "reason", "reason", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "date", "decision_date", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt grant_request_info_opts[] = {
	{ "message", "message", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL,
	    NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt reason_required_opts[] = {
	{ "reason", "reason", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt conflict_opts[] = {
	{ "reason", "reason", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "uid", "uid", OPT_INT, 0, 0, 4294967294LL, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt reason_opts[] = {
	{ "reason", "reason", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt grant_pay_opts[] = {
	{ "amount", "amount", OPT_MONEY, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "reference", "reference", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL,
	    NULL },
	{ "date", "paid_on", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt grant_reverse_opts[] = {
	{ "payment", "payment", OPT_INT, OPT_REQUIRED, 1, INT64_MAX, NULL, NULL,
	    NULL },
	{ "reason", "reason", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt grant_revoke_opts[] = {
	{ "reason", "reason", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt grant_repaid_opts[] = {
	{ "amount", "amount", OPT_MONEY, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "reference", "reference", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL,
	    NULL },
	{ "date", "received_on", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt accounts_accept_opts[] = {
	{ "repay-by", "repay_by", OPT_DATE, 0, 0, 0, NULL, NULL, NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt fund_close_opts[] = {
	{ "carry", "carry", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt submit_opts[] = {
	{ "message", "message", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "year", "year", OPT_INT, 0, 2000, 9999, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt meeting_close_opts[] = {
	{ "head-count", "head_count", OPT_INT, OPT_REQUIRED, 0, 100000, NULL,
	    NULL, NULL },
	{ "note", "note", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt application_list_opts[] = {
	{ "year", "year", OPT_INT, 0, 2000, 9999, NULL, NULL, NULL },
	{ "all", "all", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "status", "status", OPT_ENUM, 0, 0, 0, "dk.civic.fund", "Status",
	    NULL },
	{ "applicant", "applicant", OPT_INT, 0, 1, INT64_MAX, NULL, NULL,
	    NULL },
	{ "overdue", "overdue", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "limit", "limit", OPT_INT, 0, 1, INT64_MAX, NULL, NULL, NULL },
	{ "offset", "offset", OPT_INT, 0, 0, INT64_MAX, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt privacy_purge_opts[] = {
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt fund_set_opts[] = {
	{ "budget", "budget", OPT_MONEY, 0, 0, 0, NULL, NULL, NULL },
	{ "cap", "cap", OPT_MONEY, 0, 0, 0, NULL, NULL, NULL },
	{ "carry-over", "carry_over", OPT_BOOL, 0, 0, 0, NULL, NULL, NULL },
	{ "accounts-weeks", "accounts_weeks", OPT_INT, 0, 1, 52, NULL, NULL,
	    NULL },
	{ "dry-run", "dry_run", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "yes", "yes", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt applicant_list_opts[] = {
	{ "all", "include_disabled", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt person_opts[] = {
	{ "email", "email", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "phone", "phone", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
/* Options of the client's own, read by the command, not sent. */
static const struct cmd_opt backup_opts[] = {
	{ "force", "force", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt audit_verify_opts[] = {
	{ "checkpoint", "file", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt meeting_export_opts[] = {
	{ "ics", "ics", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "revoked", "revoked", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt call_opts[] = {
	{ "more", "more", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "oneway", "oneway", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt checkin_opts[] = {
	{ "registration", "registration", OPT_INT, 0, 1, INT64_MAX, NULL, NULL,
	    NULL },
	{ "force", "force", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt ticket_verify_opts[] = {
	{ "key", "key", OPT_STRING, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "meeting", "meeting", OPT_INT, 0, 1, UINT32_MAX, NULL, NULL, NULL },
	{ "revoked", "revoked", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt register_opts[] = {
	{ "name", "name", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ "email", "email", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "phone", "phone", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "seats", "seats", OPT_INT, 0, 1, 50, NULL, NULL, NULL },
	{ "language", "language", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "need", "needs", OPT_ENUM, 0, 0, 0, "dk.civic.meetings", "Need",
	    NULL },
	{ "accessibility", "accessibility", OPT_TEXT, 0, 0, 0, NULL, NULL,
	    NULL },
	{ "childcare", "childcare", OPT_INT, 0, 0, 20, NULL, NULL, NULL },
	{ "note", "note", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "consent", "consent", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "walk-in", "walk_in", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "force", "force", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
/* What applicant add, edit and me take; the rest of the details each
 * refuses saying why (applicant_options in cmd-applicant.c). */
#define APPLICANT_CONTACT_OPTS \
	{ "contact", "contact_person", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL }, \
	    { "email", "email", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL }, \
	    { "phone", "phone", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL }, \
	{ \
		"address", "address", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL \
	}
static const struct cmd_opt applicant_add_opts[] = {
	{ "citizen", "citizen", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "name", "name", OPT_TEXT, OPT_REFUSED, 0, 0, NULL, NULL, NULL },
	{ "cvr", "cvr", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	APPLICANT_CONTACT_OPTS,
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt applicant_edit_opts[] = {
	{ "citizen", "citizen", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "association", "association", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "name", "name", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "cvr", "cvr", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	APPLICANT_CONTACT_OPTS,
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt applicant_me_opts[] = {
	{ "citizen", "citizen", OPT_FLAG, OPT_REFUSED, 0, 0, NULL, NULL, NULL },
	{ "association", "association", OPT_FLAG, OPT_REFUSED, 0, 0, NULL, NULL,
	    NULL },
	{ "name", "name", OPT_TEXT, OPT_REFUSED, 0, 0, NULL, NULL, NULL },
	{ "cvr", "cvr", OPT_TEXT, OPT_REFUSED, 0, 0, NULL, NULL, NULL },
	APPLICANT_CONTACT_OPTS,
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt accounts_submit_opts[] = {
	{ "line", "lines", OPT_CUSTOM, 0, 0, 0, NULL, NULL, accounts_line },
	{ "participants", "participants", OPT_INT, OPT_REQUIRED, 0, 1000000,
	    NULL, NULL, NULL },
	{ "report", "report", OPT_TEXT, OPT_REQUIRED, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt audit_list_opts[] = {
	{ "since", "since", OPT_CUSTOM, 0, 0, 0, NULL, NULL, audit_since },
	{ "until", "until", OPT_CUSTOM, 0, 0, 0, NULL, NULL, audit_until },
	{ "action", "action", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "object", "object_kind", OPT_CUSTOM, 0, 0, 0, NULL, NULL,
	    audit_object },
	{ "uid", "uid", OPT_INT, 0, 0, 4294967295LL, NULL, NULL, NULL },
	{ "limit", "limit", OPT_INT, 0, 1, 1000000, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
/* create and edit share them; only edit turns the waiting list on. */
#define MEETING_OPTS \
	{ "title", "title", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL }, \
	    { "description", "description", OPT_TEXT, 0, 0, 0, NULL, NULL, \
		    NULL }, \
	    { "venue", "venue", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL }, \
	    { "start", "starts", OPT_CUSTOM, 0, 0, 0, NULL, NULL, \
		    meeting_time }, \
	    { "end", "ends", OPT_CUSTOM, 0, 0, 0, NULL, NULL, meeting_time }, \
	    { "capacity", "capacity", OPT_INT, 0, 0, 100000, NULL, NULL, \
		    NULL }, \
	    { "held-back", "held_back", OPT_INT, 0, 0, 100000, NULL, NULL, \
		    NULL }, \
	    { "party-max", "party_max", OPT_INT, 0, 1, 50, NULL, NULL, NULL }, \
	    { "opens", "registration_opens", OPT_CUSTOM, 0, 0, 0, NULL, NULL, \
		    meeting_time }, \
	    { "closes", "registration_closes", OPT_CUSTOM, 0, 0, 0, NULL, \
		    NULL, meeting_time }, \
	    { "no-waiting-list", "no_waiting_list", OPT_FLAG, 0, 0, 0, NULL, \
		    NULL, NULL }, \
	{ \
		"language", "languages", OPT_STRING, 0, 0, 0, NULL, NULL, NULL \
	}
static const struct cmd_opt meeting_create_opts[] = {
	MEETING_OPTS,
	{ "force", "force", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt meeting_edit_opts[] = {
	MEETING_OPTS,
	{ "waiting-list", "waiting_list", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "force", "force", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt registration_list_opts[] = {
	{ "waiting", "waiting", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "cancelled", "cancelled", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "checked-in", "checked-in", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt registration_edit_opts[] = {
	{ "name", "name", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL },
	{ "email", "email", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "phone", "phone", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "seats", "seats", OPT_INT, 0, 1, 50, NULL, NULL, NULL },
	{ "language", "language", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ "need", "needs", OPT_ENUM, 0, 0, 0, "dk.civic.meetings", "Need",
	    NULL },
	{ "no-needs", "no_needs", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "accessibility", "accessibility", OPT_STRING, 0, 0, 0, NULL, NULL,
	    NULL },
	{ "childcare", "childcare", OPT_INT, 0, 0, 20, NULL, NULL, NULL },
	{ "note", "note", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt qr_opts[] = {
	{ "qr", "qr", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt force_opts[] = {
	{ "force", "force", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt meeting_list_opts[] = {
	{ "all", "all", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ "unclosed", "unclosed", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
/* apply and application edit share them, but --submit (apply's). */
#define APP_OPTS \
	{ "title", "title", OPT_TEXT, 0, 0, 0, NULL, NULL, NULL }, \
	    { "description", "description", OPT_TEXT, 0, 0, 0, NULL, NULL, \
		    NULL }, \
	    { "integration", "integration", OPT_TEXT, 0, 0, 0, NULL, NULL, \
		    NULL }, \
	    { "target-group", "target_group", OPT_TEXT, 0, 0, 0, NULL, NULL, \
		    NULL }, \
	    { "participants", "participants", OPT_INT, 0, 1, 1000000, NULL, \
		    NULL, NULL }, \
	    { "start", "start_date", OPT_DATE, 0, 0, 0, NULL, NULL, NULL }, \
	    { "end", "end_date", OPT_DATE, 0, 0, 0, NULL, NULL, NULL }, \
	    { "amount", "requested", OPT_MONEY, 0, 0, 0, NULL, NULL, NULL }, \
	    { "line", "lines", OPT_CUSTOM, 0, 0, 0, NULL, NULL, app_line }, \
	{ \
		"file", "file", OPT_CUSTOM, 0, 0, 0, NULL, NULL, app_file \
	}
static const struct cmd_opt apply_opts[] = {
	APP_OPTS,
	{ "submit", "submit", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt application_record_opts[] = {
	{ "applicant", "applicant", OPT_INT, OPT_REQUIRED, 1, INT64_MAX, NULL,
	    NULL, NULL },
	{ "received", "received", OPT_DATE, OPT_REQUIRED, 0, 0, NULL, NULL,
	    NULL },
	{ "year", "year", OPT_INT, 0, 2000, 9999, NULL, NULL, NULL },
	{ "via", "via", OPT_STRING, 0, 0, 0, NULL, NULL, NULL },
	APP_OPTS,
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt application_edit_opts[] = {
	APP_OPTS,
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt help_opts[] = {
	{ "commands", "commands", OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};
static const struct cmd_opt no_opts[] = {
	{ NULL, NULL, OPT_FLAG, 0, 0, 0, NULL, NULL, NULL },
};

/*
 * TRANSLATORS: in a usage line ("[--amount AMOUNT] APPLICATION"), translate
 * only the placeholders in capitals, the same way everywhere (MEETING is
 * always the same word); options and words in lower case are typed as
 * they are.
 */
const struct cmd cmd_table[] = {
	{ "status", "", N_("show the daemon's version, schema and uptime"),
	    NULL, cmd_status, 0, NULL, NULL },
	{ "whoami", "", N_("show who the daemon takes you to be"), NULL,
	    cmd_whoami, 0, NULL, NULL },
	{ "login", N_("[TOKEN]"),
	    N_("save an applicant token for later commands"),
	    N_("Checks TOKEN with the daemon and saves it in\n"
	       "$XDG_CONFIG_HOME/civic/token (mode 0600). Without TOKEN it is read\n"
	       "from standard input, without echo on a terminal."),
	    cmd_login, CMD_NO_TOKEN, NULL, NULL },
	{ "logout", "", N_("forget the saved applicant token"), NULL,
	    cmd_logout, CMD_NO_TOKEN, NULL, NULL },
	{ "applicant add",
	    N_("[--citizen] [--cvr CVR] [--contact NAME] [--email ADDR] "
	       "[--phone NUM] [--address TEXT] NAME"),
	    N_("add an applicant and issue its first token (admin)"),
	    N_("An association by default; --citizen for a citizen, who needs\n"
	       "--email or --phone. The token is shown once: hand it to the\n"
	       "applicant, who runs civic login."),
	    cmd_applicant_add, CMD_FOR_ADMIN, "dk.civic.applicants.Add",
	    applicant_add_opts },
	{ "applicant list", N_("[--all]"), N_("list applicants (admin)"),
	    N_("--all includes disabled applicants."), cmd_applicant_list,
	    CMD_FOR_ADMIN, "dk.civic.applicants.List", applicant_list_opts },
	{ "applicant show", N_("ID"), N_("show one applicant (admin)"), NULL,
	    cmd_applicant_show, CMD_FOR_ADMIN, NULL, NULL },
	{ "applicant revoke", N_("ID"),
	    N_("revoke every token of an applicant (admin)"), NULL,
	    cmd_applicant_revoke, CMD_FOR_ADMIN, NULL, NULL },
	{ "applicant rotate", N_("ID"),
	    N_("revoke an applicant's tokens and issue a new one (admin)"),
	    NULL, cmd_applicant_rotate, CMD_FOR_ADMIN, NULL, NULL },
	{ "applicant edit",
	    N_("[--citizen | --association] [--name NAME] [--cvr CVR] "
	       "[--contact NAME] [--email ADDR] [--phone NUM] [--address TEXT] ID"),
	    N_("change an applicant's details (admin)"),
	    N_("Only the details given change; an empty value (--email \"\")\n"
	       "clears one."),
	    cmd_applicant_edit, CMD_FOR_ADMIN, "dk.civic.applicants.Edit",
	    applicant_edit_opts },
	{ "applicant disable", N_("ID"),
	    N_("disable an applicant: its tokens stop working (admin)"), NULL,
	    cmd_applicant_disable, CMD_FOR_ADMIN, NULL, NULL },
	{ "applicant enable", N_("ID"),
	    N_("enable a disabled applicant (admin)"), NULL,
	    cmd_applicant_enable, CMD_FOR_ADMIN, NULL, NULL },
	{ "applicant me",
	    N_("[--contact NAME] [--email ADDR] [--phone NUM] [--address TEXT]"),
	    N_("show, or change, your own contact details (applicant)"),
	    N_("Without options it shows them; an empty value clears one."),
	    cmd_applicant_me, CMD_FOR_APPLICANT, NULL, applicant_me_opts },
	{ "fund show", N_("[YEAR]"),
	    N_("budget, commitments, payments and what remains of a fund year"),
	    N_("Without YEAR, the current year."), cmd_fund_show, 0, NULL,
	    NULL },
	{ "fund set",
	    N_("[--budget AMOUNT] [--cap AMOUNT] [--carry-over yes|no] "
	       "[--accounts-weeks N] [--dry-run] [--yes] YEAR"),
	    N_("open a fund year or change its budget and rules (admin)"),
	    N_("It shows each figure before and after. A change that would\n"
	       "leave a year overspent is refused; a cut of more than half the\n"
	       "budget needs --yes. --dry-run shows the change and keeps nothing."),
	    cmd_fund_set, CMD_FOR_ADMIN, "dk.civic.fund.SetYear",
	    fund_set_opts },
	{ "fund close", N_("[--carry APPLICATION]... [--dry-run] YEAR"),
	    N_("close a fund year that is over, fixing what it carries over "
	       "(admin)"),
	    N_("Every application of the year must be decided, and every grant\n"
	       "settled (its accounts accepted, or revoked) or carried on past\n"
	       "the closing with --carry. From then on the year's figures stay\n"
	       "as they were: money that comes back to it later (a carried\n"
	       "grant's unpaid part, money paid back) is booked to the next open\n"
	       "year, which the closing opens if need be. --dry-run says what it\n"
	       "would do and changes nothing."),
	    cmd_fund_close, CMD_FOR_ADMIN, "dk.civic.fund.CloseYear",
	    fund_close_opts },
	{ "apply",
	    N_("[--file FILE] [--title TEXT] [--description TEXT] "
	       "[--integration TEXT] [--target-group TEXT] [--participants N] "
	       "[--start DATE] [--end DATE] [--line ITEM=AMOUNT]... "
	       "[--amount AMOUNT] [--submit]"),
	    N_("write a draft application to the fund (applicant)"),
	    N_("On a terminal, civic asks for what is missing. The amount is what\n"
	       "the budget lines add up to unless --amount says otherwise. A text\n"
	       "given as @FILE is read from FILE. --file reads the fields from a\n"
	       "JSON file. --submit submits the draft at once."),
	    cmd_apply, CMD_FOR_APPLICANT, "dk.civic.fund.CreateApplication",
	    apply_opts },
	{ "application list",
	    N_("[--year YEAR | --all] [--status STATUS] [--applicant ID] "
	       "[--overdue] [--limit N] [--offset N]"),
	    N_("list applications: yours, or all (admin)"),
	    N_("Those of the current fund year (drafts too), oldest first, unless\n"
	       "--year or --all says otherwise; --overdue lists every year's\n"
	       "overdue final accounts. --limit and --offset show one page."),
	    cmd_application_list, CMD_FOR_ADMIN,
	    "dk.civic.fund.ListApplications", application_list_opts },
	{ "application show", N_("APPLICATION"),
	    N_("an application with its budget, payments, accounts and history"),
	    N_("APPLICATION is an id or a reference such as 2017-0007."),
	    cmd_application_show, 0, NULL, NULL },
	{ "application edit",
	    N_("[--file FILE] [--title TEXT] [--description TEXT] "
	       "[--integration TEXT] "
	       "[--target-group TEXT] [--participants N] [--start DATE] "
	       "[--end DATE] [--line ITEM=AMOUNT]... [--amount AMOUNT] "
	       "APPLICATION"),
	    N_("change a draft, or an application awaiting information "
	       "(applicant)"),
	    N_("--line replaces all the budget lines; the amount becomes their\n"
	       "sum unless --amount says otherwise."),
	    cmd_application_edit, CMD_FOR_APPLICANT,
	    "dk.civic.fund.EditApplication", application_edit_opts },
	{ "application import", N_("FILE"),
	    N_("import earlier years' applications from CSV, all or nothing "
	       "(admin)"),
	    N_("The first line names the columns: applicant, received, year,\n"
	       "via, title, description, integration, target-group,\n"
	       "participants, start, end, lines (\"ITEM=AMOUNT; ITEM=AMOUNT\")\n"
	       "and amount, as civic application record takes them. Every line\n"
	       "is checked first, and every problem said with its line; only a\n"
	       "file without one is imported, in one transaction."),
	    cmd_application_import, CMD_FOR_ADMIN,
	    "dk.civic.fund.ImportApplications", no_opts },
	{ "application record",
	    N_("--applicant ID --received DATE [--year YEAR] [--via paper|email] "
	       "[--file FILE] [--title TEXT] [--description TEXT] "
	       "[--integration TEXT] [--target-group TEXT] [--participants N] "
	       "[--start DATE] [--end DATE] [--line ITEM=AMOUNT]... "
	       "[--amount AMOUNT]"),
	    N_("enter an application received on paper or by e-mail (admin)"),
	    N_("It is submitted on the day it was received, into that year's\n"
	       "fund year unless --year says another, so decisions may be dated\n"
	       "from then. Every field apply asks for is needed; the history and\n"
	       "the audit trail say who entered it."),
	    cmd_application_record, CMD_FOR_ADMIN,
	    "dk.civic.fund.RecordApplication", application_record_opts },
	{ "application submit",
	    N_("[--message TEXT] [--year YEAR] APPLICATION"),
	    N_("submit a draft, or answer a request for information (applicant)"),
	    N_("A draft goes into the current fund year, or with --year into a\n"
	       "later one an administrator has opened: next year's pool."),
	    cmd_application_submit, CMD_FOR_APPLICANT,
	    "dk.civic.fund.SubmitApplication", submit_opts },
	{ "application withdraw", N_("[--reason TEXT] APPLICATION"),
	    N_("withdraw a submitted application (applicant)"), NULL,
	    cmd_application_withdraw, CMD_FOR_APPLICANT,
	    "dk.civic.fund.WithdrawApplication", reason_opts },
	{ "application delete", N_("APPLICATION"),
	    N_("delete a draft (applicant)"), NULL, cmd_application_delete,
	    CMD_FOR_APPLICANT, NULL, NULL },
	{ "grant approve",
	    N_("--amount AMOUNT --committee REF [--date DATE] [--dry-run] "
	       "APPLICATION"),
	    N_("grant an amount, as the committee decided (admin)"),
	    N_("No more than asked for, the cap per application, or what the\n"
	       "year can still grant. The date defaults to today. --dry-run\n"
	       "says what it would do and changes nothing."),
	    cmd_grant_approve, CMD_FOR_ADMIN, "dk.civic.fund.Approve",
	    grant_approve_opts },
	{ "grant reject", N_("--reason TEXT [--date DATE] APPLICATION"),
	    N_("reject an application, saying why (admin)"), NULL,
	    cmd_grant_reject, CMD_FOR_ADMIN, "dk.civic.fund.Reject",
	    grant_reject_opts },
	{ "grant request-info", N_("--message TEXT APPLICATION"),
	    N_("ask the applicant for more information (admin)"), NULL,
	    cmd_grant_request_info, CMD_FOR_ADMIN,
	    "dk.civic.fund.RequestInformation", grant_request_info_opts },
	{ "grant revoke", N_("--reason TEXT [--dry-run] APPLICATION"),
	    N_("revoke a grant before anything is paid (admin)"),
	    N_("--dry-run says what it would do and changes nothing."),
	    cmd_grant_revoke, CMD_FOR_ADMIN, "dk.civic.fund.Revoke",
	    grant_revoke_opts },
	{ "grant pay",
	    N_("--amount AMOUNT --reference REF [--date DATE] [--dry-run] "
	       "APPLICATION"),
	    N_("record a payment of a grant (admin)"),
	    N_("Payments never add up to more than the grant, and a voucher\n"
	       "(--reference) pays once in a fund year. --dry-run says what it\n"
	       "would do and changes nothing."),
	    cmd_grant_pay, CMD_FOR_ADMIN, "dk.civic.fund.RecordPayment",
	    grant_pay_opts },
	{ "grant reverse",
	    N_("--payment N --reason TEXT [--dry-run] APPLICATION"),
	    N_("reverse a payment recorded by mistake (admin)"),
	    N_("The payment stays, with a reversal beside it; N is its number\n"
	       "in civic application show. Its voucher may then be used again.\n"
	       "--dry-run says what it would do and changes nothing."),
	    cmd_grant_reverse, CMD_FOR_ADMIN, "dk.civic.fund.ReversePayment",
	    grant_reverse_opts },
	{ "grant repaid",
	    N_("--amount AMOUNT --reference REF [--date DATE] [--dry-run] "
	       "APPLICATION"),
	    N_("record money paid back on a closed case (admin)"),
	    N_("In one or more instalments, never more than is due. The money\n"
	       "is booked to the application's fund year, or to the next open\n"
	       "one if that year is closed. --date is the day it was received\n"
	       "(default today). --dry-run says what it would do and changes\n"
	       "nothing."),
	    cmd_grant_repaid, CMD_FOR_ADMIN, "dk.civic.fund.RecordRepayment",
	    grant_repaid_opts },
	{ "grant conflict", N_("[--reason TEXT] [--uid UID] APPLICATION"),
	    N_("record a conflict of interest, yours or a colleague's (admin)"),
	    N_("The admin with the conflict (you, or the uid given) cannot\n"
	       "decide, pay or close the case from then on. An admin who holds\n"
	       "the applicant's token, or submitted the application as its\n"
	       "applicant, is refused without one, and civicd logs the attempt."),
	    cmd_grant_conflict, CMD_FOR_ADMIN, "dk.civic.fund.DeclareConflict",
	    conflict_opts },
	{ "accounts submit",
	    N_("--line LINE=AMOUNT... --participants N --report TEXT APPLICATION"),
	    N_("the final accounts of a paid grant (applicant)"),
	    N_("One --line per budget line, with what was actually spent."),
	    cmd_accounts_submit, CMD_FOR_APPLICANT,
	    "dk.civic.fund.SubmitAccounts", accounts_submit_opts },
	{ "accounts accept", N_("[--repay-by DATE] [--dry-run] APPLICATION"),
	    N_("accept the final accounts and close the case (admin)"),
	    N_("The part of the grant never paid goes back to the fund year at\n"
	       "once. What the project was paid beyond what it spent is to be\n"
	       "paid back by --repay-by (default 30 days from today), and counts\n"
	       "in the fund's figures as civic grant repaid records it.\n"
	       "--dry-run says what it would do and changes nothing."),
	    cmd_accounts_accept, CMD_FOR_ADMIN, "dk.civic.fund.AcceptAccounts",
	    accounts_accept_opts },
	{ "accounts return", N_("--reason TEXT APPLICATION"),
	    N_("send the final accounts back (admin)"), NULL,
	    cmd_accounts_return, CMD_FOR_ADMIN, "dk.civic.fund.ReturnAccounts",
	    reason_required_opts },
	{ "accounts overdue", "",
	    N_("late final accounts, and money due back that is late (admin)"),
	    NULL, cmd_accounts_overdue, CMD_FOR_ADMIN, NULL, NULL },
	{ "meeting create",
	    N_("--title TEXT --capacity N [--description TEXT] [--venue TEXT] "
	       "[--start TIME] [--end TIME] [--held-back N] [--party-max N] "
	       "[--opens TIME] [--closes TIME] [--no-waiting-list] "
	       "[--language NAME]... [--force]"),
	    N_("plan a citizen meeting, with or without a date (coordinator)"),
	    N_("TIME is \"2.5.2017 17:30\"; --end may be just \"19:30\".\n"
	       "Registration closes at the start unless --closes says earlier.\n"
	       "A start in the past is refused; --force enters a meeting that\n"
	       "was held, and the audit trail records it."),
	    cmd_meeting_create, CMD_FOR_COORD, "dk.civic.meetings.Create",
	    meeting_create_opts },
	{ "meeting edit",
	    N_("[--title TEXT] [--capacity N] [--description TEXT] "
	       "[--venue TEXT] [--start TIME] [--end TIME] [--held-back N] "
	       "[--party-max N] [--opens TIME] [--closes TIME] "
	       "[--waiting-list | --no-waiting-list] [--language NAME]... "
	       "[--force] MEETING"),
	    N_("change a planned or scheduled meeting (coordinator)"),
	    N_("More capacity moves people up from the waiting list; less than\n"
	       "is confirmed is refused. --language replaces the languages. A\n"
	       "new start in the past needs --force, which is recorded."),
	    cmd_meeting_edit, CMD_FOR_COORD, "dk.civic.meetings.Edit",
	    meeting_edit_opts },
	{ "meeting list", N_("[--all | --unclosed]"),
	    N_("upcoming meetings and their free seats (anyone)"),
	    N_("--all lists every meeting (coordinator). --unclosed lists the\n"
	       "meetings that ended a while ago (civicd.conf's unclosed-after)\n"
	       "and were never closed: close each with its head count."),
	    cmd_meeting_list, CMD_FOR_ANYONE, "dk.civic.meetings.List",
	    meeting_list_opts },
	{ "meeting show", N_("MEETING"),
	    N_("seats, waiting list, check-ins and needs of a meeting "
	       "(coordinator)"),
	    NULL, cmd_meeting_show, CMD_FOR_COORD, "dk.civic.meetings.Show",
	    no_opts },
	{ "meeting schedule", N_("[--force] MEETING"),
	    N_("fix a planned meeting's date and open it for registration "
	       "(coordinator)"),
	    N_("A meeting that starts in the past is scheduled only with\n"
	       "--force, which is recorded."),
	    cmd_meeting_schedule, CMD_FOR_COORD, "dk.civic.meetings.Schedule",
	    force_opts },
	{ "meeting cancel", N_("--reason TEXT MEETING"),
	    N_("cancel a meeting (coordinator)"), NULL, cmd_meeting_cancel,
	    CMD_FOR_COORD, "dk.civic.meetings.Cancel", reason_required_opts },
	{ "meeting close", N_("--head-count N [--note TEXT] MEETING"),
	    N_("close a meeting that was held, with the head count "
	       "(coordinator)"),
	    N_("Only once it has begun; cancel a meeting that will not be\n"
	       "held."),
	    cmd_meeting_close, CMD_FOR_COORD, "dk.civic.meetings.Close",
	    meeting_close_opts },
	{ "meeting door-list", N_("[--qr] MEETING"),
	    N_("the list for the door, by name, with codes and room for "
	       "walk-ins (coordinator)"),
	    N_("--qr adds each confirmed person's ticket as a QR code, a page\n"
	       "each, to print and hand out."),
	    cmd_meeting_door_list, CMD_FOR_COORD, NULL, qr_opts },
	{ "meeting export", N_("--ics [MEETING] | --revoked MEETING"),
	    N_("a calendar (RFC 5545), or the cancelled registrations"),
	    N_("--ics without MEETING is the public calendar of every upcoming\n"
	       "meeting (anyone); with MEETING, that one (coordinator). A\n"
	       "changed meeting keeps its UID and raises its SEQUENCE, so a\n"
	       "calendar that has it updates it. --revoked lists the\n"
	       "registrations whose tickets a door checking offline must\n"
	       "refuse, one a line, for ticket verify --revoked."),
	    cmd_meeting_export, 0, NULL, meeting_export_opts },
	{ "meeting pubkey", "",
	    N_("the public key that checks tickets offline (anyone)"), NULL,
	    cmd_meeting_pubkey, CMD_FOR_ANYONE, NULL, NULL },
	{ "register",
	    N_("--name NAME [--email ADDR] [--phone NUM] [--seats N] "
	       "[--language NAME] [--need KIND]... [--accessibility TEXT] "
	       "[--childcare N] [--note TEXT] [--consent] [--walk-in] [--force] "
	       "MEETING"),
	    N_("register a person for a meeting (coordinator)"),
	    N_("An e-mail address or a phone number is needed, except for a\n"
	       "walk-in, who is checked in at once. KIND is wheelchair, hearing,\n"
	       "sight, mobility or other. When the meeting is full the person\n"
	       "goes on the waiting list, if it has one; a walk-in is let in\n"
	       "over capacity only with --force. Registration closes when the\n"
	       "meeting starts, and a walk-in comes while check-in is open;\n"
	       "--force registers outside those hours too. Each --force is\n"
	       "recorded."),
	    cmd_register, CMD_FOR_COORD, "dk.civic.meetings.Register",
	    register_opts },
	{ "registration list",
	    N_("[--waiting | --cancelled | --checked-in] MEETING"),
	    N_("every registration of a meeting, with names and contact "
	       "details (coordinator)"),
	    N_("The confirmed by name, the waiting list in its order, then the\n"
	       "cancelled; or only the waiting, the cancelled or those checked\n"
	       "in. -o csv writes it for a spreadsheet (Danish Excel: \";\",\n"
	       "decimal commas, UTF-8)."),
	    cmd_registration_list, CMD_FOR_COORD,
	    "dk.civic.meetings.ListRegistrations", registration_list_opts },
	{ "registration edit",
	    N_("[--name NAME] [--email ADDR] [--phone NUM] [--seats N] "
	       "[--language NAME] [--need KIND]... [--no-needs] "
	       "[--accessibility TEXT] [--childcare N] [--note TEXT] "
	       "REGISTRATION"),
	    N_("correct a registration: seats, contact, needs, note "
	       "(coordinator)"),
	    N_("What is not given stays; an empty value (--email \"\") clears\n"
	       "one, and --need replaces the kinds of need (--no-needs clears\n"
	       "them). A confirmed party grows only into free seats; fewer seats\n"
	       "move the waiting list up, and civic says who."),
	    cmd_registration_edit, CMD_FOR_COORD,
	    "dk.civic.meetings.EditRegistration", registration_edit_opts },
	{ "registration import", N_("MEETING FILE"),
	    N_("register a partner's sign-up sheet from CSV, all or nothing "
	       "(coordinator)"),
	    N_("The first line names the columns: name, email, phone, seats,\n"
	       "language, needs (\"wheelchair, hearing\"), accessibility,\n"
	       "childcare, note and consent (yes or no), as civic register\n"
	       "takes them; \";\" or \",\" between fields, as Excel writes them.\n"
	       "Every line is checked first, and every problem said with its\n"
	       "line (the same person twice too); only a file without one is\n"
	       "registered, in one transaction, in the order of its lines."),
	    cmd_registration_import, CMD_FOR_COORD,
	    "dk.civic.meetings.ImportRegistrations", no_opts },
	{ "registration show", N_("REGISTRATION"),
	    N_("a registration with its code and ticket (coordinator)"), NULL,
	    cmd_registration_show, CMD_FOR_COORD,
	    "dk.civic.meetings.ShowRegistration", no_opts },
	{ "registration cancel", N_("[--reason TEXT] REGISTRATION"),
	    N_("cancel a registration; the waiting list moves up (coordinator)"),
	    NULL, cmd_registration_cancel, CMD_FOR_COORD,
	    "dk.civic.meetings.CancelRegistration", reason_opts },
	{ "checkin",
	    N_("[--force] MEETING CODE|TICKET | --registration N [--force] "
	       "MEETING"),
	    N_("check a person in at the door (coordinator)"),
	    N_("By the code they read aloud, their ticket, or the registration\n"
	       "number. Every refusal is recorded with its reason. Check-in\n"
	       "opens two hours before the start and closes an hour after the\n"
	       "end (civicd.conf); --force, to enter a paper list afterwards,\n"
	       "checks in outside those hours and is recorded."),
	    cmd_checkin, CMD_FOR_COORD, "dk.civic.meetings.CheckIn",
	    checkin_opts },
	{ "door", N_("MEETING"),
	    N_("the check-in screen for the person at the door (coordinator)"),
	    N_("Reads one code or ticket a line, typed or from a barcode\n"
	       "scanner (which types like a keyboard), and answers each in\n"
	       "large letters: welcome with the name and seats, or why not,\n"
	       "with a bell. It keeps the count of seats expected, checked in\n"
	       "and free; an empty line shows it, q or end of input stops.\n"
	       "Colour only on a terminal, never with NO_COLOR."),
	    cmd_door, CMD_FOR_COORD, NULL, NULL },
	{ "ticket verify",
	    N_("--key KEY|FILE [--meeting N] [--revoked FILE] TICKET"),
	    N_("check a ticket offline, without the daemon"),
	    N_("KEY is what civic meeting pubkey prints; FILE may hold it."),
	    cmd_ticket_verify, CMD_NO_TOKEN, NULL, ticket_verify_opts },
	{ "audit list",
	    N_("[--since DATE|TIME] [--until DATE|TIME] [--action ACTION] "
	       "[--object KIND[:ID]] [--uid UID] [--limit N]"),
	    N_("the audit trail: who changed what, and when (admin)"),
	    N_("Oldest first. ACTION may be a prefix: \"application\" matches\n"
	       "every application.* action. --limit N shows the newest N."),
	    cmd_audit_list, CMD_FOR_ADMIN, "dk.civic.audit.List",
	    audit_list_opts },
	{ "audit verify", N_("[--checkpoint FILE]"),
	    N_("check that no audit entry was changed, removed or reordered "
	       "(admin)"),
	    N_("Recomputes the hash chain and checks every signed checkpoint;\n"
	       "with FILE, a checkpoint kept elsewhere, also that the trail still\n"
	       "holds everything it signed (a restored old database does not).\n"
	       "Exits 1 naming the first bad entry."),
	    cmd_audit_verify, CMD_FOR_ADMIN, "dk.civic.audit.Verify",
	    audit_verify_opts },
	{ "audit checkpoint", N_("[export]"),
	    N_("sign a checkpoint of the audit trail now and show it (admin)"),
	    N_("A checkpoint is signed only if there are entries since the last;\n"
	       "either way the latest is shown. With export it is printed as\n"
	       "JSON: keep that off this machine, and audit verify --checkpoint\n"
	       "FILE proves later that nothing it covers was lost."),
	    cmd_audit_checkpoint, CMD_FOR_ADMIN, NULL, NULL },
	{ "privacy export", N_("--email ADDR | --phone NUM"),
	    N_("everything held about a person, as JSON (admin)"),
	    N_("Registrations, applicant records, and who has read them. The\n"
	       "export is itself recorded in the access log."),
	    cmd_privacy_export, CMD_FOR_ADMIN, "dk.civic.privacy.Export",
	    person_opts },
	{ "privacy erase", N_("--email ADDR | --phone NUM"),
	    N_("erase a person's personal data on request (admin)"),
	    N_("Says what was erased, and what was kept and why (grant case data\n"
	       "must be kept; so must contact details an open application needs)."),
	    cmd_privacy_erase, CMD_FOR_ADMIN, "dk.civic.privacy.Erase",
	    person_opts },
	{ "privacy purge", N_("[--dry-run]"),
	    N_("erase now what retention would erase on schedule (admin)"),
	    N_("--dry-run only counts what is due."), cmd_privacy_purge,
	    CMD_FOR_ADMIN, "dk.civic.privacy.Purge", privacy_purge_opts },
	{ "admin backup", N_("[--force] FILE"),
	    N_("a consistent copy of the live database, for safe keeping (admin)"),
	    N_("civicd copies the database with SQLite's online backup API while\n"
	       "it goes on serving, and civic keeps the copy only once its size\n"
	       "and SHA-256 check out. FILE may be - for standard output. An\n"
	       "existing FILE is replaced only with --force. The copy holds\n"
	       "personal data: it is written mode 0600. civicd --restore FILE\n"
	       "puts it back."),
	    cmd_admin_backup, CMD_FOR_ADMIN, "dk.civic.admin.Backup",
	    backup_opts },
	{ "call", N_("[--more] [--oneway] METHOD [JSON]"),
	    N_("call any varlink method and print the reply as JSON"),
	    N_("JSON is the call's parameters, an object; default {}."),
	    cmd_call, CMD_WIRE, NULL, call_opts },
	{ "help", N_("[--commands | GROUP | COMMAND]"),
	    N_("explain civic, a group of commands, or one command"),
	    N_("--commands lists the commands, one a line, for shell completion."),
	    cmd_help, CMD_NO_TOKEN, NULL, help_opts },
	{ NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL },
};

const struct cmd *
cmd_find(int argc, char **argv, int *used)
{
	const struct cmd *cmd;
	char two[128];

	if (argc >= 2) {
		snprintf(two, sizeof two, "%s %s", argv[0], argv[1]);
		for (cmd = cmd_table; cmd->name != NULL; cmd++) {
			if (strcmp(cmd->name, two) == 0) {
				*used = 2;
				return cmd;
			}
		}
	}
	for (cmd = cmd_table; cmd->name != NULL; cmd++) {
		if (strcmp(cmd->name, argv[0]) == 0) {
			*used = 1;
			return cmd;
		}
	}
	return NULL;
}

/* Edit distance between a and b, in bytes; enough to catch a typo. */
static size_t
cmd_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, row[64];

	if (la >= sizeof row / sizeof row[0] ||
	    lb >= sizeof row / sizeof row[0])
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev
						      : 1 +
				(prev < row[j - 1]
					? (prev < row[j] ? prev : row[j])
					: (row[j - 1] < row[j] ? row[j - 1]
							       : row[j]));
			prev = cur;
		}
	}
	return row[lb];
}

/* The nearest of the n names to typed, if it is near enough to be a
 * typo; NULL if none is. */
static const char *
cmd_near(const char *typed, const char *const *names, size_t n)
{
	size_t d, bestd = (size_t)-1, most = strlen(typed) / 3, i;
	const char *best = NULL;

	if (most < 2)
		most = 2;
	for (i = 0; i < n; i++) {
		if ((d = cmd_distance(typed, names[i])) < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return bestd <= most ? best : NULL;
}

const char *
cmd_nearest(const char *typed)
{
	const char *names[sizeof cmd_table / sizeof cmd_table[0]];
	size_t n;

	for (n = 0; cmd_table[n].name != NULL; n++)
		names[n] = cmd_table[n].name;
	return cmd_near(typed, names, n);
}

int
cmd_unknown(const char *typed)
{
	const char *near = cmd_nearest(typed);

	if (near != NULL)
		out_fail(_("no command '%s'; did you mean 'civic %s'?"), typed,
		    near);
	else
		out_fail(_("no command '%s'; civic help lists them"), typed);
	return EXIT_USAGE;
}

bool
cmd_group_list(FILE *f, const char *group)
{
	size_t n = strlen(group);
	const struct cmd *cmd;
	bool any = false;

	for (cmd = cmd_table; cmd->name != NULL; cmd++) {
		if (strncmp(cmd->name, group, n) != 0 || cmd->name[n] != ' ')
			continue;
		if (!any)
			fprintf(f,
			    _("usage: civic %s COMMAND [ARGS]\n\ncommands:\n"),
			    group);
		any = true;
		fprintf(f, "  %-20s  %s\n", cmd->name, _(cmd->summary));
	}
	if (any)
		fprintf(f,
		    _("\n`civic help %s COMMAND` explains one command.\n"),
		    group);
	return any;
}

void
cmd_usage(FILE *f, const struct cmd *cmd)
{
	/* gettext("") is the catalogue's header: an empty usage stays. */
	fprintf(f, _("usage: civic %s%s%s\n"), cmd->name,
	    cmd->args[0] ? " " : "", cmd->args[0] ? _(cmd->args) : "");
}

int
cmd_help_all(FILE *f)
{
	const struct cmd *cmd;

	fprintf(f,
	    _("usage: civic [-s SOCKET] [--json] [--full] [-o FORMAT] COMMAND "
	      "[ARGS]\n"
	      "\n"
	      "  -s, --socket SOCKET  the daemon's socket (default "
	      "$CIVIC_SOCKET, then\n"
	      "                       %s)\n"
	      "      --json           print the daemon's replies as JSON\n"
	      "      --full           show tables whole, however wide the "
	      "terminal\n"
	      "  -o, --output FORMAT  table (the default), csv (tables for a "
	      "Danish\n"
	      "                       spreadsheet; also --csv) or json\n"
	      "  -h, --help           print this help\n"
	      "  -V, --version        print the version\n"
	      "\n"
	      "commands:\n"),
	    CIVIC_DEFAULT_SOCKET);
	for (cmd = cmd_table; cmd->name != NULL; cmd++)
		fprintf(f, "  %-20s  %s\n", cmd->name, _(cmd->summary));
	fprintf(f,
	    _("\n"
	      "`civic help GROUP` lists a group, `civic help COMMAND` explains one;\n"
	      "civic(1) explains them all.\n"
	      "Exit status: 0 done, 1 refused, 2 usage error, 3 daemon unreachable.\n"));
	return EXIT_OK;
}

int
cmd_usage_error(const struct cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vfail(fmt, ap);
	va_end(ap);
	cmd_usage(stderr, cmd);
	return EXIT_USAGE;
}

/* True if the usage lets option name ("line") be given more than once:
 * "[--line ITEM=AMOUNT]..." or "--line LINE=AMOUNT...". */
static bool
cmd_repeatable(const struct cmd *cmd, const char *name)
{
	const char *p = cmd->args;
	size_t n = strlen(name), word;

	while ((p = strstr(p, "--")) != NULL) {
		p += 2;
		if (strncmp(p, name, n) != 0 || (p[n] != ' ' && p[n] != ']'))
			continue;
		p += n;
		p += strspn(p, " ");
		word = strcspn(p, " |");
		return word >= 3 && memmem(p, word, "...", 3) != NULL;
	}
	return false;
}

/* Says an option is unknown, naming the nearest one the command has. */
static void
cmd_unknown_option(const struct cmd *cmd, const struct option *lo,
    const char *arg)
{
	const char *names[64], *near;
	char typed[64];
	size_t n;

	for (n = 0; lo[n].name != NULL && n < sizeof names / sizeof names[0];
	     n++)
		names[n] = lo[n].name;
	snprintf(typed, sizeof typed, "%.*s",
	    (int)strcspn(arg + strspn(arg, "-"), "="), arg + strspn(arg, "-"));
	near = strncmp(arg, "--", 2) == 0 ? cmd_near(typed, names, n) : NULL;
	if (near != NULL)
		cmd_usage_error(cmd, _("unknown option %s; did you mean --%s?"),
		    arg, near);
	else
		cmd_usage_error(cmd, _("unknown option %s"), arg);
}

int
cmd_getopt(const struct cmd *cmd, int argc, char **argv, const char *shortopts,
    const void *longopts)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	static unsigned char given[64];
	const struct option *lo = longopts != NULL ? longopts : none;
	char opts[64];
	int ch, i, idx = -1;

	if (optind == 0) /* a command's first call: nothing given yet */
		memset(given, 0, sizeof given);
	/* Every command takes --help: look for it first. */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			cmd_usage(stdout, cmd);
			if (cmd->help != NULL)
				printf("\n"
				       "%s\n",
				    _(cmd->help));
			exit(EXIT_OK);
		}
	}
	snprintf(opts, sizeof opts, ":%s", shortopts);
	ch = getopt_long(argc, argv, opts, lo, &idx);
	if (ch == ':') {
		cmd_usage_error(cmd, _("option %s needs a value"),
		    argv[optind - 1]);
		exit(EXIT_USAGE);
	}
	if (ch == '?') {
		cmd_unknown_option(cmd, lo, argv[optind - 1]);
		exit(EXIT_USAGE);
	}
	/* One value each, unless the usage says it may be given again: a
	 * second --amount is a mistake, not a correction. */
	if (idx >= 0 && (size_t)idx < sizeof given &&
	    lo[idx].has_arg != no_argument && given[idx]++ &&
	    !cmd_repeatable(cmd, lo[idx].name)) {
		cmd_usage_error(cmd, _("--%s is given twice; give it once"),
		    lo[idx].name);
		exit(EXIT_USAGE);
	}
	return ch;
}

#define CMD_MAX_OPTS 24

/* Parses optarg, the value of option o, into p[o->key] by its kind. */
static int
cmd_option(const struct cmd *self, const struct cmd_opt *o, json_t *p)
{
	char opt[48];
	int rc = EXIT_OK;

	snprintf(opt, sizeof opt, "--%s", o->name);
	switch (o->kind) {
	case OPT_FLAG:
		json_object_set_new(p, o->key, json_true());
		break;
	case OPT_TEXT:
		rc = arg_text(self, opt, optarg, p, o->key);
		break;
	case OPT_STRING:
		if (json_object_set_new(p, o->key, json_string(optarg)) != 0)
			rc = cmd_usage_error(self, _("%s: not valid UTF-8"),
			    opt);
		break;
	case OPT_MONEY:
		rc = arg_money(self, opt, optarg, p, o->key);
		break;
	case OPT_DATE:
		rc = arg_date(self, opt, optarg, p, o->key);
		break;
	case OPT_INT:
		rc = arg_int(self, opt, optarg, o->min, o->max, p, o->key);
		break;
	case OPT_BOOL:
		rc = arg_bool(self, opt, optarg, p, o->key);
		break;
	case OPT_ENUM:
		rc = arg_enum(self, opt, optarg, o->iface, o->type, p, o->key);
		break;
	case OPT_CUSTOM:
		rc = o->parse(self, opt, optarg, p, o->key);
		break;
	}
	return rc;
}

int
cmd_options(const struct cmd *self, int argc, char **argv, json_t *p)
{
	struct option longopts[CMD_MAX_OPTS + 1];
	const struct cmd_opt *o;
	size_t n;
	int ch, rc = EXIT_OK;

	memset(longopts, 0, sizeof longopts);
	for (n = 0; self->opts != NULL && self->opts[n].name != NULL &&
	     n < CMD_MAX_OPTS;
	     n++) {
		longopts[n].name = self->opts[n].name;
		longopts[n].has_arg = self->opts[n].kind == OPT_FLAG
		    ? no_argument
		    : required_argument;
		longopts[n].val = (int)n;
	}
	while (rc == EXIT_OK &&
	    (ch = cmd_getopt(self, argc, argv, "", longopts)) != -1) {
		o = &self->opts[ch];
		if (p == NULL)
			return cmd_usage_error(self,
			    _("--%s is not taken here"), o->name);
		/* An option the usage lets repeat collects a list. */
		if (cmd_repeatable(self, o->name)) {
			json_t *one = json_object(), *list;

			if ((rc = cmd_option(self, o, one)) == EXIT_OK) {
				if ((list = json_object_get(p, o->key)) == NULL)
					json_object_set_new(p, o->key,
					    list = json_array());
				json_array_append(list,
				    json_object_get(one, o->key));
			}
			json_decref(one);
		} else
			rc = cmd_option(self, o, p);
	}
	for (o = self->opts; rc == EXIT_OK && o != NULL && o->name != NULL; o++)
		if ((o->flags & OPT_REQUIRED) &&
		    json_object_get(p, o->key) == NULL)
			rc = cmd_usage_error(self, _("--%s is required"),
			    o->name);
	return rc;
}

int
cmd_only_options(const struct cmd *self, int argc, char **argv, json_t *p)
{
	int rc;

	if ((rc = cmd_options(self, argc, argv, p)) == EXIT_OK &&
	    optind != argc)
		rc = cmd_usage_error(self, _("unexpected argument '%s'"),
		    argv[optind]);
	return rc;
}

long long
cmd_id(const char *s)
{
	char *end;
	long long v;

	if (*s < '1' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? v : -1;
}
