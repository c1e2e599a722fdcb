/*
 * rpc_record.h: what the C RPC peers share: the records the client sends
 * (every XDR type at its extremes), how a record prints (one field a
 * line, numbers exact, floating point as its bits so that NaN payloads
 * and -0 show), and version 2's TRANSFORM, which changes every field so
 * that a reply proves the server decoded each one. The Go peers have the
 * same in gosides/rpcxdr; the scenarios compare their output byte for
 * byte.
 */
#ifndef RPC_RECORD_H
#define RPC_RECORD_H

#include "peer.h"
#include "rpc_xdr.h"

#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The number of records the client sends, numbered from 0. */
#define RPCX_CASES 5

static inline float float_of_bits(uint32_t bits)
{
	float f;
	memcpy(&f, &bits, sizeof f);
	return f;
}

static inline uint32_t bits_of_float(float f)
{
	uint32_t bits;
	memcpy(&bits, &f, sizeof bits);
	return bits;
}

static inline double double_of_bits(uint64_t bits)
{
	double d;
	memcpy(&d, &bits, sizeof d);
	return d;
}

static inline uint64_t bits_of_double(double d)
{
	uint64_t bits;
	memcpy(&bits, &d, sizeof bits);
	return bits;
}

static inline void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (p == NULL)
		peer_fail("calloc");
	return p;
}

static inline char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		peer_fail("strdup");
	return p;
}

/* rpcx_case fills r with record n (0 <= n < RPCX_CASES): zeros and empty
 * data; every maximum; every minimum with a negative enum and a union
 * with no arm; NaNs with payloads; and -0, a subnormal and a hyper that
 * needs both words. Its pointers are freshly allocated. */
static inline void rpcx_case(int n, rpcx_record *r)
{
	memset(r, 0, sizeof *r);
	r->name = xstrdup("");
	switch (n) {
	case 0:
		r->color = RPCX_RED;
		r->shape.kind = RPCX_RED;
		r->shape.rpcx_shape_u.radius = 0;
		break;
	case 1:
		r->i = INT32_MAX;
		r->u = UINT32_MAX;
		r->h = INT64_MAX;
		r->uh = UINT64_MAX;
		r->f = float_of_bits(0x7f800000);
		r->d = double_of_bits(0x7ff0000000000000ULL);
		r->b = TRUE;
		r->color = RPCX_BLUE;
		memset(r->tag, 0xff, RPCX_TAG_SIZE);
		r->blob.blob_len = RPCX_BLOB_MAX;
		r->blob.blob_val = xmalloc(RPCX_BLOB_MAX);
		for (int k = 0; k < RPCX_BLOB_MAX; k++)
			r->blob.blob_val[k] = (char)k;
		free(r->name);
		r->name = xmalloc(RPCX_NAME_MAX + 1);
		for (int k = 0; k < RPCX_NAME_MAX; k++)
			r->name[k] = (char)('a' + k % 26);
		for (int k = 0; k < 3; k++)
			r->triple[k] = INT32_MAX;
		r->points.points_len = RPCX_POINTS_MAX;
		r->points.points_val = xmalloc(RPCX_POINTS_MAX * sizeof(rpcx_point));
		for (int k = 0; k < RPCX_POINTS_MAX; k++) {
			r->points.points_val[k].x = k;
			r->points.points_val[k].y = -k;
		}
		r->origin = xmalloc(sizeof *r->origin);
		r->origin->x = INT32_MAX;
		r->origin->y = INT32_MIN;
		r->shape.kind = RPCX_BLUE;
		r->shape.rpcx_shape_u.corner.x = INT32_MAX;
		r->shape.rpcx_shape_u.corner.y = INT32_MIN;
		break;
	case 2:
		r->i = INT32_MIN;
		r->u = 1;
		r->h = INT64_MIN;
		r->uh = UINT64_C(1) << 63;
		r->f = float_of_bits(0xff800000);
		r->d = double_of_bits(0xfff0000000000000ULL);
		r->b = TRUE;
		r->color = RPCX_BLACK;
		for (int k = 0; k < RPCX_TAG_SIZE; k++)
			r->tag[k] = (char)(k + 1);
		r->blob.blob_len = 1;
		r->blob.blob_val = xmalloc(1);
		r->blob.blob_val[0] = (char)0xab;
		free(r->name);
		r->name = xstrdup("x");
		for (int k = 0; k < 3; k++)
			r->triple[k] = INT32_MIN;
		r->points.points_len = 1;
		r->points.points_val = xmalloc(sizeof(rpcx_point));
		r->points.points_val[0].x = INT32_MIN;
		r->points.points_val[0].y = INT32_MAX;
		r->origin = xmalloc(sizeof *r->origin);
		r->shape.kind = RPCX_BLACK;
		break;
	case 3:
		r->i = -1;
		r->u = 0x80000000u;
		r->h = -1;
		r->uh = UINT64_C(0x0123456789abcdef);
		r->f = float_of_bits(0x7fc00001);
		r->d = double_of_bits(0x7ff8000000000001ULL);
		r->b = FALSE;
		r->color = RPCX_GREEN;
		memcpy(r->tag, "hello", RPCX_TAG_SIZE);
		r->blob.blob_len = 3;
		r->blob.blob_val = xmalloc(3);
		memcpy(r->blob.blob_val, "abc", 3);
		free(r->name);
		r->name = xstrdup("rpc/xdr");
		r->triple[0] = -1;
		r->triple[1] = 0;
		r->triple[2] = 1;
		r->points.points_len = 2;
		r->points.points_val = xmalloc(2 * sizeof(rpcx_point));
		r->points.points_val[0].x = 1;
		r->points.points_val[0].y = 2;
		r->points.points_val[1].x = 3;
		r->points.points_val[1].y = 4;
		r->shape.kind = RPCX_GREEN;
		r->shape.rpcx_shape_u.label = xstrdup("");
		break;
	default:
		r->i = 1;
		r->u = 2;
		r->h = -9000000000LL;
		r->uh = UINT64_C(4294967296);
		r->f = float_of_bits(0x00000001);
		r->d = double_of_bits(0x8000000000000000ULL);
		r->b = TRUE;
		r->color = RPCX_RED;
		r->blob.blob_len = 4;
		r->blob.blob_val = xmalloc(4);
		memcpy(r->blob.blob_val, "\x00\x01\xfe\xff", 4);
		free(r->name);
		r->name = xstrdup("four");
		r->triple[0] = 1;
		r->triple[1] = 2;
		r->triple[2] = 3;
		r->origin = xmalloc(sizeof *r->origin);
		r->origin->x = -5;
		r->origin->y = 5;
		r->shape.kind = RPCX_RED;
		r->shape.rpcx_shape_u.radius = -7;
		break;
	}
}

static inline void print_hex(FILE *f, const char *p, unsigned n)
{
	if (n == 0)
		fputc('-', f);
	for (unsigned k = 0; k < n; k++)
		fprintf(f, "%02x", (unsigned char)p[k]);
}

/* print_record prints r one field a line, each line opening with what. */
static inline void print_record(FILE *f, const char *what, const rpcx_record *r)
{
	fprintf(f, "%s i %d\n", what, r->i);
	fprintf(f, "%s u %u\n", what, r->u);
	fprintf(f, "%s h %" PRId64 "\n", what, (int64_t)r->h);
	fprintf(f, "%s uh %" PRIu64 "\n", what, (uint64_t)r->uh);
	fprintf(f, "%s f 0x%08" PRIx32 "\n", what, bits_of_float(r->f));
	fprintf(f, "%s d 0x%016" PRIx64 "\n", what, bits_of_double(r->d));
	fprintf(f, "%s b %s\n", what, r->b ? "true" : "false");
	fprintf(f, "%s color %d\n", what, (int)r->color);
	fprintf(f, "%s tag ", what);
	print_hex(f, r->tag, RPCX_TAG_SIZE);
	fprintf(f, "\n%s blob %u ", what, r->blob.blob_len);
	print_hex(f, r->blob.blob_val, r->blob.blob_len);
	fprintf(f, "\n%s name %zu \"%s\"\n", what, strlen(r->name), r->name);
	fprintf(f, "%s triple %d %d %d\n", what, r->triple[0], r->triple[1], r->triple[2]);
	fprintf(f, "%s points %u", what, r->points.points_len);
	for (unsigned k = 0; k < r->points.points_len; k++)
		fprintf(f, " (%d,%d)", r->points.points_val[k].x, r->points.points_val[k].y);
	fputc('\n', f);
	if (r->origin == NULL)
		fprintf(f, "%s origin none\n", what);
	else
		fprintf(f, "%s origin (%d,%d)\n", what, r->origin->x, r->origin->y);
	switch (r->shape.kind) {
	case RPCX_RED:
		fprintf(f, "%s shape red radius %d\n", what, r->shape.rpcx_shape_u.radius);
		break;
	case RPCX_GREEN:
		fprintf(f, "%s shape green label \"%s\"\n", what, r->shape.rpcx_shape_u.label);
		break;
	case RPCX_BLUE:
		fprintf(f, "%s shape blue corner (%d,%d)\n", what, r->shape.rpcx_shape_u.corner.x,
			r->shape.rpcx_shape_u.corner.y);
		break;
	default:
		fprintf(f, "%s shape %d void\n", what, (int)r->shape.kind);
		break;
	}
}

static inline void reverse_bytes(char *p, size_t n)
{
	for (size_t a = 0, b = n; a + 1 < b; a++, b--) {
		char t = p[a];
		p[a] = p[b - 1];
		p[b - 1] = t;
	}
}

/* transform writes into out the record TRANSFORM returns for in: every
 * number's bits inverted (floating point: its sign), bool negated, the
 * enum one further (BLACK wraps to RED), opaque bytes inverted or
 * reversed, the string and arrays reversed, each point's x and y
 * swapped, optional data present when absent ((7,-7)) and absent when
 * present, the union's arm changed the same way. out's pointers are
 * freshly allocated. */
static inline void transform(const rpcx_record *in, rpcx_record *out)
{
	memset(out, 0, sizeof *out);
	out->i = ~in->i;
	out->u = ~in->u;
	out->h = ~in->h;
	out->uh = ~in->uh;
	out->f = float_of_bits(bits_of_float(in->f) ^ 0x80000000u);
	out->d = double_of_bits(bits_of_double(in->d) ^ 0x8000000000000000ULL);
	out->b = !in->b;
	switch (in->color) {
	case RPCX_RED: out->color = RPCX_GREEN; break;
	case RPCX_GREEN: out->color = RPCX_BLUE; break;
	case RPCX_BLUE: out->color = RPCX_BLACK; break;
	default: out->color = RPCX_RED; break;
	}
	for (int k = 0; k < RPCX_TAG_SIZE; k++)
		out->tag[k] = (char)~in->tag[k];
	out->blob.blob_len = in->blob.blob_len;
	out->blob.blob_val = xmalloc(in->blob.blob_len);
	if (in->blob.blob_len > 0)
		memcpy(out->blob.blob_val, in->blob.blob_val, in->blob.blob_len);
	reverse_bytes(out->blob.blob_val, out->blob.blob_len);
	out->name = xstrdup(in->name);
	reverse_bytes(out->name, strlen(out->name));
	for (int k = 0; k < 3; k++)
		out->triple[k] = in->triple[2 - k];
	unsigned n = in->points.points_len;
	out->points.points_len = n;
	out->points.points_val = xmalloc(n * sizeof(rpcx_point));
	for (unsigned k = 0; k < n; k++) {
		out->points.points_val[k].x = in->points.points_val[n - 1 - k].y;
		out->points.points_val[k].y = in->points.points_val[n - 1 - k].x;
	}
	if (in->origin == NULL) {
		out->origin = xmalloc(sizeof *out->origin);
		out->origin->x = 7;
		out->origin->y = -7;
	}
	out->shape.kind = in->shape.kind;
	switch (in->shape.kind) {
	case RPCX_RED:
		out->shape.rpcx_shape_u.radius = ~in->shape.rpcx_shape_u.radius;
		break;
	case RPCX_GREEN:
		out->shape.rpcx_shape_u.label = xstrdup(in->shape.rpcx_shape_u.label);
		reverse_bytes(out->shape.rpcx_shape_u.label, strlen(out->shape.rpcx_shape_u.label));
		break;
	case RPCX_BLUE:
		out->shape.rpcx_shape_u.corner.x = in->shape.rpcx_shape_u.corner.y;
		out->shape.rpcx_shape_u.corner.y = in->shape.rpcx_shape_u.corner.x;
		break;
	default:
		break;
	}
}

/* free_record frees what rpcx_case or transform allocated in r. */
static inline void free_record(rpcx_record *r)
{
	xdr_free((xdrproc_t)(void (*)(void))xdr_rpcx_record, (char *)r);
}

#endif
