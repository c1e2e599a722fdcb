/*
 * rpc_xdr_client: the client of document 001's "Remote Procedure Calls"
 * (001_e72917b0a8829ed0.txt): the client-side stub rpcgen makes from
 * rpc_xdr.x "locates the server and marshals the parameters". It calls
 * RPCX_PROG over TCP (record marking) or UDP on loopback with libtirpc
 * and prints every reply, one field a line.
 *
 * -mode xdr: NULL, ECHO of every record (version 1), TRANSFORM of every
 * record (version 2), then SHUTDOWN.
 * -mode once (UDP): INCREMENT, the same call again with the same XID
 * (CLSET_XID), as a retransmission after a lost reply; COUNT says how
 * often the server ran it; then SHUTDOWN.
 * -mode rendezvous: the port comes from the portmapper at -pmap
 * (PMAPPROC_GETPORT, as pmap_getport asks at port 111); a program the
 * portmapper does not know, a version the server does not have
 * (PROG_MISMATCH with the range it has) and a procedure it does not have
 * (PROC_UNAVAIL); then ECHO and SHUTDOWN.
 */
#include "peer.h"
#include "rpc_record.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <rpc/pmap_prot.h>
#include <sys/socket.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-function-type"
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "rpc_xdr_xdr.c"
#include "rpc_xdr_clnt.c"
#pragma GCC diagnostic pop

#define USAGE "rpc_xdr_client [-mode xdr|once|rendezvous] [-proto tcp|udp] [-port n] [-pmap port] [-frag bytes] [-timeout seconds]"

#define XDRPROC(f) ((xdrproc_t)(void (*)(void))(f))

static long timeout = 10;
static int udp;
static u_int frag;

static struct sockaddr_in loopback(long port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* connect_to makes a client of version vers at port. */
static CLIENT *connect_to(long port, unsigned long vers)
{
	struct sockaddr_in a = loopback(port);
	struct timeval wait = {timeout, 0};
	int sock = RPC_ANYSOCK;
	CLIENT *cl = udp ? clntudp_create(&a, RPCX_PROG, vers, wait, &sock)
			 : clnttcp_create(&a, RPCX_PROG, vers, &sock, frag, frag);
	if (cl == NULL) {
		fprintf(stderr, "%s: %s\n", udp ? "clntudp_create" : "clnttcp_create", clnt_spcreateerror("server"));
		exit(PEER_EXIT_FAIL);
	}
	/* One try a call: a retransmission is the test's to make. */
	clnt_control(cl, CLSET_TIMEOUT, (char *)&wait);
	if (udp)
		clnt_control(cl, CLSET_RETRY_TIMEOUT, (char *)&wait);
	return cl;
}

static void call_failed(CLIENT *cl, const char *what)
{
	fprintf(stderr, "%s: %s\n", what, clnt_sperror(cl, "call"));
	exit(PEER_EXIT_FAIL);
}

static void shutdown_server(CLIENT *cl)
{
	if (rpcx_shutdown_1(NULL, cl) == NULL)
		call_failed(cl, "SHUTDOWN");
	printf("shutdown\n");
}

static void run_xdr(long port)
{
	CLIENT *v1 = connect_to(port, RPCX_V1);
	if (rpcx_null_1(NULL, v1) == NULL)
		call_failed(v1, "NULL");
	printf("null\n");
	for (int n = 0; n < RPCX_CASES; n++) {
		rpcx_record arg;
		char what[32];
		rpcx_case(n, &arg);
		rpcx_record *res = rpcx_echo_1(&arg, v1);
		if (res == NULL)
			call_failed(v1, "ECHO");
		snprintf(what, sizeof what, "echo %d", n);
		print_record(stdout, what, res);
		free_record(&arg);
	}
	CLIENT *v2 = connect_to(port, RPCX_V2);
	for (int n = 0; n < RPCX_CASES; n++) {
		rpcx_record arg;
		char what[32];
		rpcx_case(n, &arg);
		rpcx_record *res = rpcx2_transform_2(&arg, v2);
		if (res == NULL)
			call_failed(v2, "TRANSFORM");
		snprintf(what, sizeof what, "transform %d", n);
		print_record(stdout, what, res);
		free_record(&arg);
	}
	clnt_destroy(v2);
	shutdown_server(v1);
	clnt_destroy(v1);
}

static void run_once(long port)
{
	if (!udp) {
		fprintf(stderr, "-mode once needs -proto udp\n");
		peer_usage(USAGE);
	}
	CLIENT *cl = connect_to(port, RPCX_V1);
	u_quad_t *res = rpcx_increment_1(NULL, cl);
	if (res == NULL)
		call_failed(cl, "INCREMENT");
	printf("increment: %" PRIu64 "\n", (uint64_t)*res);
	u_int32_t xid;
	if (!clnt_control(cl, CLGET_XID, (char *)&xid)) {
		fprintf(stderr, "clnt_control: CLGET_XID refused\n");
		exit(PEER_EXIT_FAIL);
	}
	/* The same call again, as if its reply had been lost. */
	if (!clnt_control(cl, CLSET_XID, (char *)&xid)) {
		fprintf(stderr, "clnt_control: CLSET_XID refused\n");
		exit(PEER_EXIT_FAIL);
	}
	res = rpcx_increment_1(NULL, cl);
	if (res == NULL)
		call_failed(cl, "INCREMENT");
	u_int32_t again;
	clnt_control(cl, CLGET_XID, (char *)&again);
	if (again != xid) {
		fprintf(stderr, "retransmission: xid %#x, want %#x\n", again, xid);
		exit(PEER_EXIT_FAIL);
	}
	printf("increment again, same xid: %" PRIu64 "\n", (uint64_t)*res);
	res = rpcx_count_1(NULL, cl);
	if (res == NULL)
		call_failed(cl, "COUNT");
	printf("count: %" PRIu64 "\n", (uint64_t)*res);
	shutdown_server(cl);
	clnt_destroy(cl);
}

/* pmap_lookup asks the portmapper at pmap_port for the port of vers of
 * prog: pmap_getport's call, at a port of the test's choosing. */
static unsigned pmap_lookup(long pmap_port, unsigned long prog, unsigned long vers)
{
	struct sockaddr_in pm = loopback(pmap_port);
	struct timeval wait = {timeout, 0};
	int sock = RPC_ANYSOCK;
	CLIENT *cl = clntudp_create(&pm, PMAPPROG, PMAPVERS, wait, &sock);
	if (cl == NULL) {
		fprintf(stderr, "clntudp_create: %s\n", clnt_spcreateerror("portmapper"));
		exit(PEER_EXIT_FAIL);
	}
	struct pmap parms = {prog, vers, udp ? IPPROTO_UDP : IPPROTO_TCP, 0};
	u_short port = 0;
	if (clnt_call(cl, PMAPPROC_GETPORT, XDRPROC(xdr_pmap), (char *)&parms, XDRPROC(xdr_u_short), (char *)&port, wait) != RPC_SUCCESS)
		call_failed(cl, "PMAPPROC_GETPORT");
	clnt_destroy(cl);
	return port;
}

static void run_rendezvous(long pmap_port)
{
	unsigned port = pmap_lookup(pmap_port, RPCX_PROG + 1, RPCX_V2);
	printf("portmapper: program %#x version 2: %s\n", RPCX_PROG + 1, port == 0 ? "not registered" : "registered");
	port = pmap_lookup(pmap_port, RPCX_PROG, RPCX_V2);
	if (port == 0) {
		fprintf(stderr, "portmapper: program %#x version 2 not registered\n", RPCX_PROG);
		exit(PEER_EXIT_FAIL);
	}
	printf("portmapper: program %#x version 2: registered\n", RPCX_PROG);

	struct timeval wait = {timeout, 0};
	struct rpc_err err;
	CLIENT *v3 = connect_to(port, 3);
	enum clnt_stat st = clnt_call(v3, 0, XDRPROC(xdr_void), NULL, XDRPROC(xdr_void), NULL, wait);
	clnt_geterr(v3, &err);
	if (st != RPC_PROGVERSMISMATCH)
		call_failed(v3, "version 3");
	printf("version 3: PROG_MISMATCH low %lu high %lu\n", (unsigned long)err.re_vers.low, (unsigned long)err.re_vers.high);
	clnt_destroy(v3);

	CLIENT *v2 = connect_to(port, RPCX_V2);
	st = clnt_call(v2, 99, XDRPROC(xdr_void), NULL, XDRPROC(xdr_void), NULL, wait);
	if (st != RPC_PROCUNAVAIL)
		call_failed(v2, "procedure 99");
	printf("procedure 99: PROC_UNAVAIL\n");
	rpcx_record arg;
	rpcx_case(3, &arg);
	rpcx_record *res = rpcx2_echo_2(&arg, v2);
	if (res == NULL)
		call_failed(v2, "ECHO");
	print_record(stdout, "echo", res);
	free_record(&arg);
	if (rpcx2_shutdown_2(NULL, v2) == NULL)
		call_failed(v2, "SHUTDOWN");
	printf("shutdown\n");
	clnt_destroy(v2);
}

int main(int argc, char **argv)
{
	const char *mode = "xdr", *proto = "tcp";
	long port = -1, pmap_port = 0;
	static const struct option opts[] = {
		{"mode", required_argument, NULL, 'M'},
		{"proto", required_argument, NULL, 'P'},
		{"port", required_argument, NULL, 'p'},
		{"pmap", required_argument, NULL, 'm'},
		{"frag", required_argument, NULL, 'f'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'M': mode = optarg; break;
		case 'P': proto = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 'm': pmap_port = parse_long(optarg, 1, 65535, USAGE); break;
		case 'f': frag = (u_int)parse_long(optarg, 0, 65536, USAGE); break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);
	udp = strcmp(proto, "udp") == 0;
	if (!udp && strcmp(proto, "tcp") != 0)
		peer_usage(USAGE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "rendezvous") == 0) {
		if (pmap_port == 0)
			peer_usage(USAGE);
		run_rendezvous(pmap_port);
		return 0;
	}
	if (port < 0)
		peer_usage(USAGE);
	if (strcmp(mode, "xdr") == 0)
		run_xdr(port);
	else if (strcmp(mode, "once") == 0)
		run_once(port);
	else
		peer_usage(USAGE);
	return 0;
}
