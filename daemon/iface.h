/*
 * iface.h - the handlers of every varlink interface. The handler of
 * dk.civic.meetings.CheckIn is meetings_check_in, in iface-meetings*.c:
 * the interface's name, lower case, then the method's, in snake case
 * (tests/names.sh checks). method.c puts them in its table; nothing else
 * calls them.
 */
#ifndef CIVICD_IFACE_H
#define CIVICD_IFACE_H

#include "method.h"

/* org.varlink.service (iface-service.c) */
enum civic_err service_get_info(struct call *c);
enum civic_err service_get_interface_description(struct call *c);

/* dk.civic.core (iface-core.c) */
enum civic_err core_status(struct call *c);
enum civic_err core_whoami(struct call *c);
enum civic_err core_authenticate(struct call *c);

/* dk.civic.applicants (iface-applicants.c) */
enum civic_err applicants_add(struct call *c);
enum civic_err applicants_list(struct call *c);
enum civic_err applicants_show(struct call *c);
enum civic_err applicants_revoke(struct call *c);
enum civic_err applicants_rotate(struct call *c);
enum civic_err applicants_edit(struct call *c);
enum civic_err applicants_disable(struct call *c);
enum civic_err applicants_enable(struct call *c);
enum civic_err applicants_me(struct call *c);
enum civic_err applicants_edit_me(struct call *c);

/* dk.civic.fund (iface-fund.c, iface-fund-application.c, iface-fund-grant.c) */
enum civic_err fund_show_year(struct call *c);
enum civic_err fund_set_year(struct call *c);
enum civic_err fund_close_year(struct call *c);
enum civic_err fund_record_repayment(struct call *c);
enum civic_err fund_create_application(struct call *c);
enum civic_err fund_edit_application(struct call *c);
enum civic_err fund_delete_application(struct call *c);
enum civic_err fund_submit_application(struct call *c);
enum civic_err fund_withdraw_application(struct call *c);
enum civic_err fund_list_applications(struct call *c);
enum civic_err fund_show_application(struct call *c);
enum civic_err fund_submit_accounts(struct call *c);
enum civic_err fund_approve(struct call *c);
enum civic_err fund_reject(struct call *c);
enum civic_err fund_request_information(struct call *c);
enum civic_err fund_revoke(struct call *c);
enum civic_err fund_record_payment(struct call *c);
enum civic_err fund_record_application(struct call *c);
enum civic_err fund_import_applications(struct call *c);
enum civic_err fund_reverse_payment(struct call *c);
enum civic_err fund_declare_conflict(struct call *c);
enum civic_err fund_accept_accounts(struct call *c);
enum civic_err fund_return_accounts(struct call *c);

/* dk.civic.meetings (iface-meetings.c, iface-meetings-door.c) */
enum civic_err meetings_list(struct call *c);
enum civic_err meetings_show(struct call *c);
enum civic_err meetings_create(struct call *c);
enum civic_err meetings_edit(struct call *c);
enum civic_err meetings_schedule(struct call *c);
enum civic_err meetings_cancel(struct call *c);
enum civic_err meetings_close(struct call *c);
enum civic_err meetings_register(struct call *c);
enum civic_err meetings_show_registration(struct call *c);
enum civic_err meetings_cancel_registration(struct call *c);
enum civic_err meetings_check_in(struct call *c);
enum civic_err meetings_door_list(struct call *c);
enum civic_err meetings_list_registrations(struct call *c);
enum civic_err meetings_edit_registration(struct call *c);
enum civic_err meetings_import_registrations(struct call *c);
enum civic_err meetings_revoked(struct call *c);
enum civic_err meetings_public_key(struct call *c);

/* dk.civic.admin (iface-admin.c) */
enum civic_err admin_backup(struct call *c);

/* dk.civic.audit (iface-audit.c) */
enum civic_err audit_list(struct call *c);
enum civic_err audit_verify(struct call *c);
enum civic_err audit_checkpoint(struct call *c);

/* dk.civic.privacy (iface-privacy.c) */
enum civic_err privacy_export(struct call *c);
enum civic_err privacy_erase(struct call *c);
enum civic_err privacy_purge(struct call *c);

#endif
