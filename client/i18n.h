/*
 * i18n.h - civic speaks the language of the locale (gettext). Every
 * string a person reads is marked: _() where it is used, N_() where it
 * is only stored (a table) and translated where it is printed, P_() for
 * one with a number in it (ngettext: "1 plads", "2 pladser"). po/ holds
 * the catalogues and the glossary the Danish keeps to.
 */
#ifndef CIVIC_I18N_H
#define CIVIC_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#ifndef N_
#define N_(s) s
#endif
#define P_(one, many, n) ngettext((one), (many), (unsigned long)(n))
/* A string in a context, for words that translate apart ("cancelled": a
 * meeting's is aflyst, a registration's afmeldt); C_ translates one. */
#define NC_(ctx, s) ctx "\004" s
const char *C_(const char *ctx_and_s);

/* Sets the locale from the environment and finds the catalogues: the
 * build's own when civic runs from its build directory. */
void i18n_init(void);

#endif
