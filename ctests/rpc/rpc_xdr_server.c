/*
 * rpc_xdr_server: the server of document 001's "Remote Procedure Calls"
 * (001_e72917b0a8829ed0.txt): the server-side stub rpcgen makes from
 * rpc_xdr.x "receives this message, unpacks the marshalled parameters,
 * and performs the procedure". Versions 1 and 2 of RPCX_PROG over TCP
 * (record marking) or UDP, bound to loopback, with libtirpc.
 *
 * It prints each record it decodes, one field a line. With -cache it
 * keeps libtirpc's duplicate-request cache on UDP (svc_dg_enablecache),
 * so that a call retransmitted with the same XID is answered from the
 * cache, not run twice: at most once. With -pmap it registers each
 * version with the portmapper at that port (PMAPPROC_SET, as pmap_set
 * does) and unregisters when it ends. SHUTDOWN ends it after its reply;
 * no call for -timeout seconds is a failure.
 */
#include "peer.h"
#include "rpc_record.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <rpc/pmap_prot.h>
#include <sys/socket.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-function-type"
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "rpc_xdr_xdr.c"
#include "rpc_xdr_svc.c"
#pragma GCC diagnostic pop

#define USAGE "rpc_xdr_server [-proto tcp|udp] [-port n] [-cache entries] [-pmap port] [-frag bytes] [-ready file] [-timeout seconds]"

static int done;
static unsigned long served;
static uint64_t counter;
static unsigned echoes, transforms;

static void *null_proc(void)
{
	static char dummy;
	served++;
	return &dummy;
}

static rpcx_record *echo_proc(rpcx_record *arg)
{
	static rpcx_record res;
	char what[32];
	served++;
	snprintf(what, sizeof what, "echo %u", echoes++);
	print_record(stdout, what, arg);
	fflush(stdout);
	free_record(&res);
	res = *arg;
	/* The reply is a deep copy: svc_freeargs frees the argument. */
	res.blob.blob_val = xmalloc(arg->blob.blob_len);
	if (arg->blob.blob_len > 0)
		memcpy(res.blob.blob_val, arg->blob.blob_val, arg->blob.blob_len);
	res.name = xstrdup(arg->name);
	res.points.points_val = xmalloc(arg->points.points_len * sizeof(rpcx_point));
	if (arg->points.points_len > 0)
		memcpy(res.points.points_val, arg->points.points_val, arg->points.points_len * sizeof(rpcx_point));
	if (arg->origin != NULL) {
		res.origin = xmalloc(sizeof *res.origin);
		*res.origin = *arg->origin;
	}
	if (arg->shape.kind == RPCX_GREEN)
		res.shape.rpcx_shape_u.label = xstrdup(arg->shape.rpcx_shape_u.label);
	return &res;
}

static rpcx_record *transform_proc(rpcx_record *arg)
{
	static rpcx_record res;
	char what[32];
	served++;
	snprintf(what, sizeof what, "transform %u", transforms++);
	print_record(stdout, what, arg);
	fflush(stdout);
	free_record(&res);
	transform(arg, &res);
	return &res;
}

static u_quad_t *increment_proc(void)
{
	static u_quad_t res;
	served++;
	res = ++counter;
	printf("increment: counter %" PRIu64 "\n", counter);
	fflush(stdout);
	return &res;
}

static u_quad_t *count_proc(void)
{
	static u_quad_t res;
	served++;
	res = counter;
	return &res;
}

static void *shutdown_proc(void)
{
	done = 1;
	return null_proc();
}

void *rpcx_null_1_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return null_proc(); }
rpcx_record *rpcx_echo_1_svc(rpcx_record *arg, struct svc_req *req) { (void)req; return echo_proc(arg); }
u_quad_t *rpcx_increment_1_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return increment_proc(); }
u_quad_t *rpcx_count_1_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return count_proc(); }
void *rpcx_shutdown_1_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return shutdown_proc(); }
void *rpcx2_null_2_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return null_proc(); }
rpcx_record *rpcx2_echo_2_svc(rpcx_record *arg, struct svc_req *req) { (void)req; return echo_proc(arg); }
u_quad_t *rpcx2_increment_2_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return increment_proc(); }
u_quad_t *rpcx2_count_2_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return count_proc(); }
void *rpcx2_shutdown_2_svc(void *arg, struct svc_req *req) { (void)arg, (void)req; return shutdown_proc(); }
rpcx_record *rpcx2_transform_2_svc(rpcx_record *arg, struct svc_req *req) { (void)req; return transform_proc(arg); }

/* pmap_call sets or unsets (proc) the mapping of version vers with the
 * portmapper at pmap_port, over UDP, the way pmap_set does at port 111. */
static void pmap_call(long pmap_port, unsigned long proc, unsigned long vers, unsigned prot, unsigned port, long timeout)
{
	struct sockaddr_in pm;
	memset(&pm, 0, sizeof pm);
	pm.sin_family = AF_INET;
	pm.sin_port = htons((uint16_t)pmap_port);
	pm.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct timeval wait = {timeout, 0};
	int sock = RPC_ANYSOCK;
	CLIENT *cl = clntudp_create(&pm, PMAPPROG, PMAPVERS, wait, &sock);
	if (cl == NULL) {
		fprintf(stderr, "clntudp_create: %s\n", clnt_spcreateerror("portmapper"));
		exit(PEER_EXIT_FAIL);
	}
	struct pmap map = {RPCX_PROG, vers, prot, port};
	bool_t ok = FALSE;
	enum clnt_stat st = clnt_call(cl, proc, (xdrproc_t)(void (*)(void))xdr_pmap, (char *)&map,
				      (xdrproc_t)(void (*)(void))xdr_bool, (char *)&ok, wait);
	if (st != RPC_SUCCESS) {
		fprintf(stderr, "%s: %s\n", proc == PMAPPROC_SET ? "pmap set" : "pmap unset", clnt_sperrno(st));
		exit(PEER_EXIT_FAIL);
	}
	if (!ok) {
		fprintf(stderr, "%s: version %lu refused\n", proc == PMAPPROC_SET ? "pmap set" : "pmap unset", vers);
		exit(PEER_EXIT_FAIL);
	}
	clnt_destroy(cl);
}

int main(int argc, char **argv)
{
	const char *proto = "tcp", *ready = NULL;
	long port = 0, cache = 0, pmap_port = 0, frag = 0, timeout = 10;
	static const struct option opts[] = {
		{"proto", required_argument, NULL, 'P'},
		{"port", required_argument, NULL, 'p'},
		{"cache", required_argument, NULL, 'c'},
		{"pmap", required_argument, NULL, 'm'},
		{"frag", required_argument, NULL, 'f'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'P': proto = optarg; break;
		case 'p': port = parse_long(optarg, 0, 65535, USAGE); break;
		case 'c': cache = parse_long(optarg, 0, 4096, USAGE); break;
		case 'm': pmap_port = parse_long(optarg, 1, 65535, USAGE); break;
		case 'f': frag = parse_long(optarg, 0, 65536, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);
	int udp = strcmp(proto, "udp") == 0;
	if (!udp && strcmp(proto, "tcp") != 0)
		peer_usage(USAGE);
	if (cache > 0 && !udp) {
		fprintf(stderr, "-cache needs -proto udp\n");
		peer_usage(USAGE);
	}

	int sock = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
	if (sock < 0)
		peer_fail("socket");
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0)
		peer_fail("bind");
	socklen_t len = sizeof addr;
	if (getsockname(sock, (struct sockaddr *)&addr, &len) < 0)
		peer_fail("getsockname");
	/* svctcp_create listens only on a socket it bound itself. */
	if (!udp && listen(sock, SOMAXCONN) < 0)
		peer_fail("listen");

	/* Sizes below 100 mean libtirpc's default; -frag 100 cuts every
	 * record into fragments of about 100 bytes. */
	u_int size = (u_int)frag;
	SVCXPRT *xprt = udp ? svcudp_bufcreate(sock, 8800, 8800) : svctcp_create(sock, size, size);
	if (xprt == NULL) {
		fprintf(stderr, "%s: cannot create the transport\n", udp ? "svcudp_bufcreate" : "svctcp_create");
		return PEER_EXIT_FAIL;
	}
	if (cache > 0 && !svc_dg_enablecache(xprt, (u_int)cache)) {
		fprintf(stderr, "svc_dg_enablecache: failed\n");
		return PEER_EXIT_FAIL;
	}
	/* Protocol 0: svc_register leaves the system's rpcbind alone. */
	if (!svc_register(xprt, RPCX_PROG, RPCX_V1, rpcx_prog_1, 0) ||
	    !svc_register(xprt, RPCX_PROG, RPCX_V2, rpcx_prog_2, 0)) {
		fprintf(stderr, "svc_register: failed\n");
		return PEER_EXIT_FAIL;
	}
	unsigned prot = udp ? IPPROTO_UDP : IPPROTO_TCP;
	unsigned myport = ntohs(addr.sin_port);
	if (pmap_port != 0) {
		pmap_call(pmap_port, PMAPPROC_SET, RPCX_V1, prot, myport, timeout);
		pmap_call(pmap_port, PMAPPROC_SET, RPCX_V2, prot, myport, timeout);
	}
	peer_ready(ready, "%u", myport);

	while (!done) {
		int n = poll(svc_pollfd, (nfds_t)svc_max_pollfd, (int)timeout * 1000);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			peer_fail("poll");
		}
		if (n == 0) {
			errno = ETIMEDOUT;
			peer_fail("poll");
		}
		svc_getreq_poll(svc_pollfd, n);
	}
	if (pmap_port != 0) {
		pmap_call(pmap_port, PMAPPROC_UNSET, RPCX_V1, prot, myport, timeout);
		pmap_call(pmap_port, PMAPPROC_UNSET, RPCX_V2, prot, myport, timeout);
	}
	printf("served %lu calls\n", served);
	svc_unregister(RPCX_PROG, RPCX_V1);
	svc_unregister(RPCX_PROG, RPCX_V2);
	svc_destroy(xprt);
	return 0;
}
