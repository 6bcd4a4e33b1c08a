/*
 * iface.h - the handlers of every varlink interface, one iface-*.c file
 * each. method.c puts them in its table; nothing else calls them.
 */
#ifndef CIVICD_IFACE_H
#define CIVICD_IFACE_H

#include "method.h"

/* org.varlink.service (iface-service.c) */
enum civic_err service_get_info(struct call *c);
enum civic_err service_get_interface_description(struct call *c);

/* dk.civic.Core (iface-core.c) */
enum civic_err core_status(struct call *c);
enum civic_err core_whoami(struct call *c);
enum civic_err core_authenticate(struct call *c);

/* dk.civic.Applicants (iface-applicants.c) */
enum civic_err applicants_add(struct call *c);
enum civic_err applicants_list(struct call *c);
enum civic_err applicants_show(struct call *c);
enum civic_err applicants_revoke(struct call *c);
enum civic_err applicants_rotate(struct call *c);

#endif
