/*
 * shm_sysv.h: the SysV shared memory handshake of document 004
 * (shm_server.c and shm_client.c). The server creates a SHMSZ-byte segment
 * under SHM_SYSV_KEY, writes 'a'..'z' and a NUL, and waits until the
 * client has read them and set the first byte to SHM_SYSV_DONE.
 */
#ifndef IPCCONFORM_SHM_SYSV_H
#define IPCCONFORM_SHM_SYSV_H

#define SHM_SYSV_KEY 5678
#define SHMSZ 27
#define SHM_SYSV_DONE '*'

#endif
