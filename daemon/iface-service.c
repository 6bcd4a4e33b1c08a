/*
 * iface-service.c - org.varlink.service: what this service is and the
 * text of each interface it implements, straight from schema/.
 */
#include <string.h>

#include "config.h"
#include "iface.h"
#include "schema.h"

/* The interface name of an IDL file name: "dk.civic.core.varlink". */
static size_t
service_iface_len(const char *file)
{
	static const char ext[] = ".varlink";
	size_t len = strlen(file);

	if (len > sizeof ext - 1 &&
	    strcmp(file + len - (sizeof ext - 1), ext) == 0)
		return len - (sizeof ext - 1);
	return len;
}

enum civic_err
service_get_info(struct call *c)
{
	json_t *ifaces;
	size_t i;

	ifaces = json_array();
	for (i = 0; i < schema_interfaces_count; i++)
		json_array_append_new(ifaces,
		    json_stringn(schema_interfaces[i].name,
			service_iface_len(schema_interfaces[i].name)));
	return call_reply(c,
	    json_pack("{s:s, s:s, s:s, s:s, s:o}", "vendor", "civic", "product",
		"civicd", "version", CIVIC_VERSION, "url", "man:civicd(8)",
		"interfaces", ifaces));
}

enum civic_err
service_get_interface_description(struct call *c)
{
	struct jerr e = { 0 };
	const char *name;
	size_t i;

	if (jfield_string(c->params, "interface", JF_RAW, 1, 255, &name, &e) <
	    0)
		return call_invalid(c, &e);
	for (i = 0; i < schema_interfaces_count; i++) {
		const char *f = schema_interfaces[i].name;

		if (service_iface_len(f) == strlen(name) &&
		    strncmp(f, name, strlen(name)) == 0)
			return call_reply(c,
			    json_pack("{s:s}", "description",
				schema_interfaces[i].text));
	}
	return CALL_REFUSE(c, R_INTERFACE_NOT_FOUND, FS(name));
}
