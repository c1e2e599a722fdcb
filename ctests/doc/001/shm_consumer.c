/* The POSIX shared memory consumer of document 001 (001_e72917b0a8829ed0.txt,
 * "IPC POSIX Producer – Consumer"), as written. */
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/mman.h> /* added: declares shm_open, shm_unlink, mmap, PROT_READ and MAP_SHARED */

int main()
{
    /* the size (in bytes) of shared memory object */
    const int SIZE = 4096;
    /* name of the shared memory object */
    const char *name = "OS";
    /* shared memory file descriptor */
    int shm_fd;
    /* pointer to shared memory object */
    void *ptr;

    /* open the shared memory object */
    shm_fd = shm_open(name, O_RDONLY, 0666); /* the slide's shm.open is shm_open */

    /* memory map the shared memory object */
    ptr = mmap(0, SIZE, PROT_READ, MAP_SHARED, shm_fd, 0);

    /* read from the shared memory object */
    printf("%s", (char *)ptr);

    /* remove the shared memory object */
    shm_unlink(name); /* the slide's shm.unlink is shm_unlink */

    return 0;
}
