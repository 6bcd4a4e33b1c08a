/*
 * cmd.h - the handlers of every command, one cmd-<group>.c file each.
 * cmd.c puts them in its table; nothing else calls them.
 */
#ifndef CIVIC_CMD_H
#define CIVIC_CMD_H

#include "civic.h"

/* cmd-core.c */
int cmd_status(struct civic *c, const struct cmd *self, int argc, char **argv);
int cmd_whoami(struct civic *c, const struct cmd *self, int argc, char **argv);
int cmd_call(struct civic *c, const struct cmd *self, int argc, char **argv);
int cmd_help(struct civic *c, const struct cmd *self, int argc, char **argv);

/* cmd-auth.c */
int cmd_login(struct civic *c, const struct cmd *self, int argc, char **argv);
int cmd_logout(struct civic *c, const struct cmd *self, int argc, char **argv);

/* cmd-applicant.c */
int cmd_applicant_add(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_list(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_show(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_revoke(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_rotate(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_edit(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_disable(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_enable(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_applicant_me(struct civic *c, const struct cmd *self, int argc,
    char **argv);

/* cmd-fund.c; and the option parser the table names */
opt_parse_fn accounts_line;
int cmd_fund_show(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_fund_set(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_accounts_submit(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_fund_close(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_grant_repaid(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_accounts_overdue(struct civic *c, const struct cmd *self, int argc,
    char **argv);

/* cmd-application.c; and the option parsers the table names */
opt_parse_fn app_line, app_file;
int cmd_apply(struct civic *c, const struct cmd *self, int argc, char **argv);
int cmd_application_list(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_application_show(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_application_edit(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_application_import(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_application_record(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_application_submit(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_application_withdraw(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_application_delete(struct civic *c, const struct cmd *self, int argc,
    char **argv);

/* cmd-grant.c */
int cmd_grant_approve(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_grant_reject(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_grant_request_info(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_grant_revoke(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_grant_reverse(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_grant_pay(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_grant_conflict(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_accounts_accept(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_accounts_return(struct civic *c, const struct cmd *self, int argc,
    char **argv);

/* cmd-meeting.c; and the option parser the table names */
opt_parse_fn meeting_time;
int cmd_meeting_create(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_edit(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_list(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_show(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_schedule(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_cancel(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_close(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_door_list(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_export(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_meeting_pubkey(struct civic *c, const struct cmd *self, int argc,
    char **argv);

/* cmd-door.c */
int cmd_register(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_registration_list(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_registration_edit(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_registration_import(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_door(struct civic *c, const struct cmd *self, int argc, char **argv);
int cmd_registration_show(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_registration_cancel(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_checkin(struct civic *c, const struct cmd *self, int argc, char **argv);
int cmd_ticket_verify(struct civic *c, const struct cmd *self, int argc,
    char **argv);

/* cmd-admin.c */
int cmd_admin_backup(struct civic *c, const struct cmd *self, int argc,
    char **argv);

/* cmd-audit.c; and the option parsers the table names */
opt_parse_fn audit_since, audit_until, audit_object;
int cmd_audit_list(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_audit_verify(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_audit_checkpoint(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_privacy_export(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_privacy_erase(struct civic *c, const struct cmd *self, int argc,
    char **argv);
int cmd_privacy_purge(struct civic *c, const struct cmd *self, int argc,
    char **argv);

#endif
