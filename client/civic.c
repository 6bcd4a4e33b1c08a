/*
 * civic.c - what every command does to talk to the daemon: connect on
 * first use, present the applicant token, call, and explain failures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "civic.h"
#include "output.h"
#include "token.h"
#include "varlink.h"

const char *
civic_token_path(void)
{
	static char path[4096];
	const char *base = getenv("XDG_CONFIG_HOME"), *home;

	if (path[0] != '\0')
		return path;
	if (base != NULL && base[0] == '/')
		snprintf(path, sizeof path, "%s/civic/token", base);
	else if ((home = getenv("HOME")) != NULL && home[0] == '/')
		snprintf(path, sizeof path, "%s/.config/civic/token", home);
	else
		return NULL;
	return path;
}

const char *
civic_token(void)
{
	static char token[256];
	const char *env = getenv("CIVIC_TOKEN"), *path;
	struct stat sb;
	size_t n;
	FILE *f;

	if (env != NULL && env[0] != '\0')
		return env;
	if ((path = civic_token_path()) == NULL ||
	    (f = fopen(path, "r")) == NULL)
		return NULL;
	if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0) {
		fclose(f);
		out_fail(
		    _("%s is readable by other users; a token is a password: "
		      "run chmod 600 %s, or civic logout and log in again"),
		    path, path);
		exit(EXIT_USAGE);
	}
	if (fgets(token, sizeof token, f) == NULL)
		token[0] = '\0';
	fclose(f);
	n = strcspn(token, "\r\n");
	token[n] = '\0';
	return token[0] != '\0' ? token : NULL;
}

/* Connects, and presents the token if there is one. */
static int
civic_open(struct civic *c)
{
	struct vl_reply r;
	const char *token;
	char err[512], err2[512];
	json_t *p;
	int rc;

	if (c->vl != NULL)
		return EXIT_OK;
	if ((c->vl = vl_connect(c->socket, err, sizeof err)) == NULL) {
		out_fail("%s", err);
		return EXIT_UNREACHABLE;
	}
	if (!c->use_token || (token = civic_token()) == NULL)
		return EXIT_OK;
	p = json_pack("{s:s}", "token", token);
	rc = vl_send(c->vl, "dk.civic.core.Authenticate", p, 0, err,
	    sizeof err);
	json_decref(p);
	/* Even if the write failed, a reply saying why may be waiting. */
	if (vl_recv(c->vl, &r, rc == 0 ? err : err2, sizeof err) != 0) {
		out_fail("%s", err);
		return EXIT_UNREACHABLE;
	}
	if (r.error != NULL) {
		out_error(r.error, r.params);
		out_fail(_("the applicant token from %s was refused; run civic "
			   "logout, or civic login with a new token"),
		    getenv("CIVIC_TOKEN") != NULL ? "CIVIC_TOKEN"
						  : civic_token_path());
		vl_reply_clear(&r);
		return EXIT_REFUSED;
	}
	c->authed = true;
	vl_reply_clear(&r);
	return EXIT_OK;
}

/*
 * Sends a call and reads replies until the last. With each, every reply's
 * parameters are given to it; without, the array key of each reply (when
 * key is not NULL) is merged into the first, which goes to *reply.
 */
static int
civic_call_flags(struct civic *c, const char *method, json_t *params,
    unsigned flags, const char *key, int (*each)(const json_t *, void *),
    void *arg, json_t **reply)
{
	struct vl_reply r;
	json_t *all = NULL;
	char err[512], err2[512];
	int rc;

	if (reply != NULL)
		*reply = NULL;
	if ((rc = civic_open(c)) != EXIT_OK) {
		json_decref(params);
		return rc;
	}
	rc = vl_send(c->vl, method, params, flags, err, sizeof err);
	json_decref(params);
	if (rc != 0) {
		/* The daemon may have said why it closed: read that first. */
		if (vl_recv(c->vl, &r, err2, sizeof err2) == 0 &&
		    r.error != NULL) {
			out_error(r.error, r.params);
			vl_reply_clear(&r);
			return EXIT_REFUSED;
		}
		vl_reply_clear(&r);
		out_fail("%s", err);
		return EXIT_UNREACHABLE;
	}
	if (flags & VL_ONEWAY)
		return EXIT_OK;
	do {
		if (vl_recv(c->vl, &r, err, sizeof err) != 0) {
			out_fail("%s", err);
			json_decref(all);
			return EXIT_UNREACHABLE;
		}
		if (r.error != NULL && c->refusal != NULL) {
			*c->refusal = json_pack("{s:s, s:O}", "error", r.error,
			    "parameters", r.params);
			vl_reply_clear(&r);
			json_decref(all);
			return EXIT_REFUSED;
		}
		if (r.error != NULL) {
			if (c->json) {
				json_t *e = json_pack("{s:s, s:O}", "error",
				    r.error, "parameters", r.params);

				out_json(e);
				json_decref(e);
			}
			out_error(r.error, r.params);
			vl_reply_clear(&r);
			json_decref(all);
			return EXIT_REFUSED;
		}
		if (each != NULL) {
			if ((rc = each(r.params, arg)) != EXIT_OK) {
				/* Stopped here: what follows is not read. */
				vl_reply_clear(&r);
				vl_close(c->vl);
				c->vl = NULL;
				return rc;
			}
		} else if (all == NULL)
			all = json_incref(r.params);
		else if (key != NULL)
			json_array_extend(json_object_get(all, key),
			    json_object_get(r.params, key));
		rc = r.continues;
		vl_reply_clear(&r);
	} while (rc);
	if (reply != NULL)
		*reply = all;
	else
		json_decref(all);
	return EXIT_OK;
}

int
civic_call(struct civic *c, const char *method, json_t *params, json_t **reply)
{
	return civic_call_flags(c, method, params, 0, NULL, NULL, NULL, reply);
}

int
civic_call_list(struct civic *c, const char *method, json_t *params,
    const char *key, json_t **reply)
{
	return civic_call_flags(c, method, params, VL_MORE, key, NULL, NULL,
	    reply);
}

static int
civic_print_each(const json_t *params, void *arg)
{
	(void)arg;
	out_json(params);
	return EXIT_OK;
}

int
civic_call_each(struct civic *c, const char *method, json_t *params,
    int (*each)(const json_t *params, void *arg), void *arg)
{
	return civic_call_flags(c, method, params, VL_MORE, NULL, each, arg,
	    NULL);
}

int
civic_call_stream(struct civic *c, const char *method, json_t *params)
{
	return civic_call_flags(c, method, params, VL_MORE, NULL,
	    civic_print_each, NULL, NULL);
}

int
civic_call_oneway(struct civic *c, const char *method, json_t *params)
{
	int rc;

	rc = civic_call_flags(c, method, params, VL_ONEWAY, NULL, NULL, NULL,
	    NULL);
	if (rc != EXIT_OK)
		return rc;
	/* Calls are answered in order: this reply means the daemon has
	 * handled the oneway call before it. */
	return civic_call_flags(c, "dk.civic.core.Whoami", NULL, 0, NULL, NULL,
	    NULL, NULL);
}

int
civic_print(struct civic *c, json_t *r, const char *key,
    void (*human)(const json_t *))
{
	if (c->json)
		out_json(r);
	else
		human(key != NULL ? json_object_get(r, key) : r);
	json_decref(r);
	return EXIT_OK;
}
