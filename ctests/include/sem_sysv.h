/*
 * sem_sysv.h: a counter in a System V shared memory segment guarded by a
 * System V semaphore set, as document 000's ipcs lists them side by side.
 * Both live under one key: segments and semaphore sets have separate key
 * spaces. The set holds SEM_SYSV_NSEMS semaphores:
 *
 *   SEM_SYSV_MUTEX   1 when free; taken (-1) and given back (+1) with
 *                    SEM_UNDO around every increment, so that a holder that
 *                    dies gives it back
 *   SEM_SYSV_JOINED  +1 from the second incrementer once it has taken the
 *                    mutex the first time: the first starts counting then
 *   SEM_SYSV_DONE    +1 from the second incrementer when it has finished
 */
#ifndef IPCC_SEM_SYSV_H
#define IPCC_SEM_SYSV_H

#include <stdint.h>

/* The default key of the set and of the segment. No document gives one:
 * document 000's KEY. */
#define SEM_SYSV_KEY 1234

/* The default number of increments of each incrementer. */
#define SEM_SYSV_INCREMENTS 100000

/* The semaphores of the set. */
#define SEM_SYSV_MUTEX 0
#define SEM_SYSV_JOINED 1
#define SEM_SYSV_DONE 2
#define SEM_SYSV_NSEMS 3

/* sem_sysv_counter: the segment, 8 bytes. */
struct sem_sysv_counter {
	uint64_t count; /* offset 0: increments so far, under SEM_SYSV_MUTEX */
};

#define SEM_SYSV_COUNTER_FIELDS(X) \
	X(sem_sysv_counter, count, UINT)

#endif /* IPCC_SEM_SYSV_H */
