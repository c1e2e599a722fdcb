/*
 * mmap_file.h: the mapped file of documents 000 and 001, shared by two
 * processes through mmap(MAP_SHARED). The file is text of fixed-width
 * lines, so that the bytes on disk are the same on every architecture: a
 * MMAP_FILE_HEADER_SIZE-byte header line, then one MMAP_FILE_RECORD_SIZE-
 * byte line per record.
 *
 *   header:      "mmap_file: %05u records; ack %c\n"   (records, ack byte)
 *   record i:    "record %05u sum %014llx\n"           (i from 1, mmap_file_sum(i))
 *
 * The writer creates the file with the ack byte MMAP_FILE_ACK_WAITING; the
 * reader, once it has checked every record through its own mapping, stores
 * MMAP_FILE_ACK_DONE there, which is how the writer knows it may unmap.
 */
#ifndef IPCC_MMAP_FILE_H
#define IPCC_MMAP_FILE_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

/* The default file, relative to the working directory. */
#define MMAP_FILE_PATH "mmap_file.dat"

/* The default number of records, and the most the header can count. */
#define MMAP_FILE_RECORDS 8
#define MMAP_FILE_MAX_RECORDS 99999

/* Sizes of the header line and of a record line, newline included. */
#define MMAP_FILE_HEADER_SIZE 32
#define MMAP_FILE_RECORD_SIZE 32

/* The ack byte: its offset in the header and its two values. */
#define MMAP_FILE_ACK_OFFSET 30
#define MMAP_FILE_ACK_WAITING 'n'
#define MMAP_FILE_ACK_DONE 'y'

/* The size of a file of n records. */
#define MMAP_FILE_SIZE(n) (MMAP_FILE_HEADER_SIZE + (uint64_t)(n) * MMAP_FILE_RECORD_SIZE)

/* mmap_file_sum is the 56-bit value record i carries (14 hex digits). */
static inline uint64_t mmap_file_sum(uint32_t i)
{
	return ((uint64_t)i * 0x9e3779b97f4a7c15u) >> 8;
}

/* mmap_file_header formats the header line of a file of n records with
 * ack byte ack into buf (MMAP_FILE_HEADER_SIZE bytes and a NUL). */
static inline void mmap_file_header(char buf[MMAP_FILE_HEADER_SIZE + 1], uint32_t n, char ack)
{
	snprintf(buf, MMAP_FILE_HEADER_SIZE + 1, "mmap_file: %05" PRIu32 " records; ack %c\n", n, ack);
}

/* mmap_file_record formats record i into buf (MMAP_FILE_RECORD_SIZE bytes
 * and a NUL). */
static inline void mmap_file_record(char buf[MMAP_FILE_RECORD_SIZE + 1], uint32_t i)
{
	snprintf(buf, MMAP_FILE_RECORD_SIZE + 1, "record %05" PRIu32 " sum %014" PRIx64 "\n", i, mmap_file_sum(i));
}

#endif /* IPCC_MMAP_FILE_H */
