/*
 * cmd.h - the handlers of every command, one cmd-<group>.c file each.
 * cmd.c puts them in its table; nothing else calls them.
 */
#ifndef CIVIC_CMD_H
#define CIVIC_CMD_H

#include "civic.h"

/* cmd-core.c */
int cmd_status(struct civic *c, int argc, char **argv);
int cmd_whoami(struct civic *c, int argc, char **argv);
int cmd_call(struct civic *c, int argc, char **argv);
int cmd_help(struct civic *c, int argc, char **argv);

/* cmd-auth.c */
int cmd_login(struct civic *c, int argc, char **argv);
int cmd_logout(struct civic *c, int argc, char **argv);

/* cmd-applicant.c */
int cmd_applicant_add(struct civic *c, int argc, char **argv);
int cmd_applicant_list(struct civic *c, int argc, char **argv);
int cmd_applicant_show(struct civic *c, int argc, char **argv);
int cmd_applicant_revoke(struct civic *c, int argc, char **argv);
int cmd_applicant_rotate(struct civic *c, int argc, char **argv);

#endif
