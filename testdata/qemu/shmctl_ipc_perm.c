/*
 * shmctl_ipc_perm: a SysV segment created 0600, read back with
 * shmctl(IPC_STAT), as shm_sysv_struct reads it. Linux gives mode 600.
 * qemu-user lays out struct ipc_perm wrongly for s390x: the mode read back
 * there is 0600 shifted left 16 bits (140000000, or 40000000).
 *
 * Exit 0 when the mode comes back, 1 when it does not.
 */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 27, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0) {
		perror("shmget");
		return 1;
	}
	struct shmid_ds ds;
	int rc = shmctl(id, IPC_STAT, &ds);
	if (rc < 0)
		perror("shmctl(IPC_STAT)");
	if (shmctl(id, IPC_RMID, NULL) < 0) {
		perror("shmctl(IPC_RMID)");
		return 1;
	}
	if (rc < 0)
		return 1;
	printf("shmget(0600): shmctl(IPC_STAT) gives shm_perm.mode=%o\n", (unsigned)ds.shm_perm.mode);
	return ds.shm_perm.mode == 0600 ? 0 : 1;
}
