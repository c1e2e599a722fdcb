/*
 * rpc_gss_absent.c: Debian's libtirpc is built with RPCSEC_GSS, and its
 * static library refers to the GSS-API (MIT Kerberos), which has no
 * static library in Debian. The RPC peers offer AUTH_NONE alone, so they
 * link against these instead: every GSS-API call fails (GSS_S_FAILURE),
 * and a call with RPCSEC_GSS credentials gets libtirpc's authentication
 * error, as from a server without Kerberos. Each takes the minor status
 * first, as every GSS-API function does, and ignores the rest.
 */
#include <stddef.h>

typedef unsigned int OM_uint32;

#define GSS_S_COMPLETE 0u
#define GSS_S_FAILURE (13u << 16)

/* gss_OID values: no name types exist here. */
void *GSS_C_NT_HOSTBASED_SERVICE;
void *GSS_C_NT_USER_NAME;

static OM_uint32 gss_fail(OM_uint32 *minor)
{
	if (minor != NULL)
		*minor = 0;
	return GSS_S_FAILURE;
}

static OM_uint32 gss_nothing(OM_uint32 *minor)
{
	if (minor != NULL)
		*minor = 0;
	return GSS_S_COMPLETE;
}

#define GSS_FAILS(name) \
	OM_uint32 name(OM_uint32 *minor); \
	OM_uint32 name(OM_uint32 *minor) { return gss_fail(minor); }
#define GSS_RELEASES(name) \
	OM_uint32 name(OM_uint32 *minor); \
	OM_uint32 name(OM_uint32 *minor) { return gss_nothing(minor); }

GSS_FAILS(gss_accept_sec_context)
GSS_FAILS(gss_acquire_cred)
GSS_FAILS(gss_canonicalize_name)
GSS_FAILS(gss_display_name)
GSS_FAILS(gss_display_status)
GSS_FAILS(gss_duplicate_name)
GSS_FAILS(gss_export_name)
GSS_FAILS(gss_get_mic)
GSS_FAILS(gss_import_name)
GSS_FAILS(gss_init_sec_context)
GSS_FAILS(gss_pname_to_uid)
GSS_FAILS(gss_sign)
GSS_FAILS(gss_unwrap)
GSS_FAILS(gss_verify_mic)
GSS_FAILS(gss_wrap)
GSS_FAILS(gss_wrap_size_limit)
GSS_RELEASES(gss_delete_sec_context)
GSS_RELEASES(gss_release_buffer)
GSS_RELEASES(gss_release_cred)
GSS_RELEASES(gss_release_name)
