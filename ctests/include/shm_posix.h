/*
 * shm_posix.h: document 001's POSIX shared memory producer and consumer.
 * The producer creates the object NAME, sizes it SIZE bytes, and writes
 * MESSAGE_0 then MESSAGE_1 one after the other; the consumer prints the
 * string it finds there and removes the object.
 */
#ifndef IPCC_SHM_POSIX_H
#define IPCC_SHM_POSIX_H

/* The document's name of the shared memory object (shm_open adds the
 * leading slash's meaning: "/dev/shm/OS"). */
#define SHM_POSIX_NAME "OS"

/* The document's SIZE: bytes of the object. */
#define SHM_POSIX_SIZE 4096

/* The document's two strings, written back to back. */
#define SHM_POSIX_MESSAGE_0 "Hello"
#define SHM_POSIX_MESSAGE_1 "World!"

#endif /* IPCC_SHM_POSIX_H */
