/*
 * errors.c - varlink names of civic's error codes (see errors.h).
 */
#include <string.h>

#include "errors.h"

static const char *const errors_names[] = {
#define CIVIC_ERR_NAME(code, name) [code] = name,
	CIVIC_ERROR_LIST(CIVIC_ERR_NAME)
#undef CIVIC_ERR_NAME
};

const char *
civic_err_name(enum civic_err e)
{
	if ((unsigned)e >= CIVIC_E__COUNT)
		return errors_names[CIVIC_E_INTERNAL];
	return errors_names[e];
}
