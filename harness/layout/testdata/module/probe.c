/*
 * probe.c: the system declarations harness/layout's tests compare with the
 * sys package, through the lines the check defines.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

IPCC_STRUCT_TYPE(div_t)

IPCC_CONST(AF_UNIX)
IPCC_CONST(SIGINT)

IPCC_TYPE(Int32T, int32_t)
IPCC_TYPE(Uint16T, uint16_t)
