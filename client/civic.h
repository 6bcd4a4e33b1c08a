/*
 * civic.h - what the client's files share: the run's context, the exit
 * statuses, the command table's shape, and the calls every command uses.
 */
#ifndef CIVIC_CIVIC_H
#define CIVIC_CIVIC_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "i18n.h"

/* Exit statuses, as civic(1) documents them. */
#define EXIT_OK          0
#define EXIT_REFUSED     1 /* the daemon refused (or the call failed) */
#define EXIT_USAGE       2 /* the command line or a local file is wrong */
#define EXIT_UNREACHABLE 3 /* the daemon cannot be reached */

struct vl;

struct civic {
	const char *socket; /* -s, $CIVIC_SOCKET, or the default */
	bool json;          /* --json: print replies as JSON */
	struct vl *vl;      /* the connection, opened on first call */
	bool use_token;     /* present the applicant token if there is one */
	bool authed;        /* the token was presented on vl */
	/* Set, a refusal is kept here ({error, parameters}) for the
	 * command to say in its own way, instead of on stderr. */
	json_t **refusal;
};

#define CMD_NO_TOKEN 0x1 /* the command never presents the token */
/* Whom a command is for, as its summary says it ("(admin)"): a refusal
 * names what the command needs, not what a method it calls allows. */
#define CMD_FOR_ADMIN     0x2
#define CMD_FOR_COORD     0x4
#define CMD_FOR_APPLICANT 0x8
#define CMD_FOR_ANYONE    0x10
/* The person writes the call's parameters (civic call): refusals name
 * them as they are on the wire. */
#define CMD_WIRE 0x20

/* What an option's value is, and how cmd_options checks it. */
enum opt_kind {
	OPT_FLAG,   /* no value: the parameter is true */
	OPT_TEXT,   /* text, or @FILE for a file's (arg_text) */
	OPT_STRING, /* taken as it is: a path, an address */
	OPT_MONEY,  /* an amount the Danish way (arg_money) */
	OPT_DATE,   /* a date the Danish way (arg_date) */
	OPT_INT,    /* a whole number from min to max (arg_int) */
	OPT_BOOL,   /* yes or no (arg_bool) */
	OPT_ENUM,   /* one of the values the IDL's type declares (arg_enum) */
	OPT_CUSTOM, /* its own syntax: the option's parse reads it */
};

struct cmd;

/* Reads value, given as option opt ("--line"), into p[key]; EXIT_OK or,
 * having said why, EXIT_USAGE. */
typedef int opt_parse_fn(const struct cmd *self, const char *opt,
    const char *value, json_t *p, const char *key);

#define OPT_REQUIRED 0x1
#define OPT_REFUSED \
	0x2 /* not taken here: parsed to say why (the usage \
	     * does not name it) */

/* One option of a command: the one spec cmd_options parses by. */
struct cmd_opt {
	const char *name; /* the long option, without "--"; NULL ends */
	const char *key;  /* the call's parameter it sets */
	enum opt_kind kind;
	unsigned flags;           /* OPT_REQUIRED */
	long long min, max;       /* OPT_INT */
	const char *iface, *type; /* OPT_ENUM: "dk.civic.fund", "Status" */
	opt_parse_fn *parse;      /* OPT_CUSTOM */
};

struct cmd {
	const char *name;    /* "applicant add" */
	const char *args;    /* what follows the name in its usage */
	const char *summary; /* one line for `civic help` */
	const char *help; /* more lines for `civic help COMMAND`; may be NULL */
	int (*fn)(struct civic *c, const struct cmd *self, int argc,
	    char **argv);
	unsigned flags;
	/* For a command whose options are all data: the method it calls
	 * and its options, which cmd_options parses. */
	const char *method;
	const struct cmd_opt *opts;
};

/* cmd.c */
extern const struct cmd cmd_table[];
const struct cmd *cmd_find(int argc, char **argv, int *used);
void cmd_usage(FILE *f, const struct cmd *cmd);
int cmd_help_all(FILE *f);
/* Lists the commands of group ("grant") on f; false if it has none. */
bool cmd_group_list(FILE *f, const char *group);
/* The command name nearest to what was typed ("grant aprove"), for a
 * "did you mean"; NULL if none is near. */
const char *cmd_nearest(const char *typed);
/* Says that typed is no command, with the nearest one if there is one;
 * returns EXIT_USAGE. */
int cmd_unknown(const char *typed);
/*
 * Parses a command's options (getopt_long), handling --help; returns the
 * option, -1 at the end, or exits 2 on an unknown one (naming the
 * nearest) or on an option that takes one value given twice. Options
 * the usage marks with "..." may be given again.
 */
int cmd_getopt(const struct cmd *cmd, int argc, char **argv,
    const char *shortopts, const void *longopts);
/*
 * Parses argv's options by self->opts into p, the call's parameters: each
 * value checked by its kind, one value each unless the usage marks the
 * option with "...", and the OPT_REQUIRED ones there. Returns EXIT_OK
 * with optind at the first argument, or (having said why) EXIT_USAGE.
 */
int cmd_options(const struct cmd *self, int argc, char **argv, json_t *p);
/* cmd_options for a command that takes no arguments besides them. A
 * command without options passes p NULL. */
int cmd_only_options(const struct cmd *self, int argc, char **argv, json_t *p);
/* Prints "civic: usage: ..." for cmd and returns EXIT_USAGE. */
int cmd_usage_error(const struct cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Parses a positive id argument; -1 if it is not one. */
long long cmd_id(const char *s);

/*
 * Calls method with params (stolen; NULL for none) and stores the reply's
 * parameters in *reply (caller decrefs). On failure prints why and
 * returns EXIT_REFUSED or EXIT_UNREACHABLE.
 */
int civic_call(struct civic *c, const char *method, json_t *params,
    json_t **reply);

/*
 * Like civic_call with "more": collects the array key from every reply
 * into one reply of the same shape.
 */
int civic_call_list(struct civic *c, const char *method, json_t *params,
    const char *key, json_t **reply);

/*
 * Calls method with "more" and gives each reply's parameters to each,
 * which returns EXIT_OK to go on, or an exit status to stop (the
 * connection is then closed). Returns EXIT_OK after the last reply.
 */
int civic_call_each(struct civic *c, const char *method, json_t *params,
    int (*each)(const json_t *params, void *arg), void *arg);

/* Calls method with "more" and prints each reply's parameters as JSON
 * as it arrives. */
int civic_call_stream(struct civic *c, const char *method, json_t *params);

/* Sends method as a oneway call (no reply), then makes sure the daemon
 * has taken it by asking a harmless question after it. */
int civic_call_oneway(struct civic *c, const char *method, json_t *params);

/*
 * Prints a reply and frees it: as JSON with --json, else the part of it
 * under key (the whole reply if key is NULL) with human. Returns EXIT_OK.
 */
int civic_print(struct civic *c, json_t *r, const char *key,
    void (*human)(const json_t *));

/* The token to present: $CIVIC_TOKEN, else the token file; NULL if none.
 * Exits 2 if the token file is readable by others. */
const char *civic_token(void);

/* The token file's path (static storage); NULL if there is no home. */
const char *civic_token_path(void);

#endif
