/*
 * intl.h - marks for the strings in common/ that a person reads (the
 * client translates them: client/i18n.h). civicd never chooses a
 * language, so in its log gettext gives each one back as it is: English.
 */
#ifndef CIVIC_INTL_H
#define CIVIC_INTL_H

#include <libintl.h>

#ifndef _
#define _(s) gettext(s)
#endif
#ifndef N_
#define N_(s) s
#endif

#endif
