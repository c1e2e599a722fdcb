/* shm_server.c of document 004 (004_84bfdd519ccde28b.txt), as written. */
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <stdio.h>

#define SHMSZ     27

main()
{
    char c;
    int shmid;
    key_t key;
    char *shm, *s;

    /*
     * We'll name our shared memory segment
     * "5678".
     */
    key = 5678;

    /*
     * Create the segment.
     */
    if ((shmid = shmget(key, SHMSZ, IPC_CREAT | 0666)) < 0) { /* the slide's "IPC CREAT" and "| < 0 |" are extraction damage */
        perror("shmget");
        exit(1);
    }

    /*
     * attach the segment to our data space.
     */
    if ((shm = shmat(shmid, NULL, 0)) == (char *) -1) {
        perror("shmat");
        exit(1);
    }

    /* put things into the memory for the
     * other process to read.*/
    s = shm;

    for (c = 'a'; c <= 'z'; c++)
        *s++ = c;
    *s = NULL;

    /* Finally, wait until the other process
     * changes the first character of our
     * memory to '*', indicating that it
     * has read what we put there. */
    while (*shm != '*')
        sleep(1);

    exit(0);
}
