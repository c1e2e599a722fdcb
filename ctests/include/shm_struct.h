/*
 * shm_struct.h: document 000's struct some_data_structure, shared between
 * processes through a System V segment of key KEY 1234 and size
 * sizeof(struct some_data_structure). The document leaves its fields open;
 * these give one of each integer size, signed and unsigned, a double and a
 * name, ordered largest first and padded by hand, so every architecture and
 * both languages see the same 56 bytes.
 *
 * Field lists: see alignment.h for the <NAME>_FIELDS(X) convention.
 */
#ifndef IPCC_SHM_STRUCT_H
#define IPCC_SHM_STRUCT_H

#include <stdint.h>

/* The document's KEY: the default System V key of the segment. */
#define SHM_STRUCT_KEY 1234

/* The capacity of some_data_structure.name, NUL included. */
#define SHM_STRUCT_NAME_SIZE 16

struct some_data_structure {
	int64_t id;                      /* offset 0: record identifier */
	uint64_t counter;                /* offset 8: updates so far */
	double value;                    /* offset 16: the measured value */
	int32_t temperature;             /* offset 24: signed, may be negative */
	uint32_t flags;                  /* offset 28: bit set, meaning per scenario */
	int16_t delta;                   /* offset 32: signed change since last update */
	uint16_t port;                   /* offset 34: a port number, host byte order */
	int8_t level;                    /* offset 36: signed level, -128..127 */
	uint8_t state;                   /* offset 37: unsigned state code */
	uint8_t _pad[2];                 /* offset 38: keeps name 8-aligned, zero */
	char name[SHM_STRUCT_NAME_SIZE]; /* offset 40: NUL-terminated name */
};

#define SOME_DATA_STRUCTURE_FIELDS(X) \
	X(some_data_structure, id, SINT) \
	X(some_data_structure, counter, UINT) \
	X(some_data_structure, value, FLOAT) \
	X(some_data_structure, temperature, SINT) \
	X(some_data_structure, flags, UINT) \
	X(some_data_structure, delta, SINT) \
	X(some_data_structure, port, UINT) \
	X(some_data_structure, level, SINT) \
	X(some_data_structure, state, UINT) \
	X(some_data_structure, name, BYTES)

#endif /* IPCC_SHM_STRUCT_H */
