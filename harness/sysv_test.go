package harness

import (
	"fmt"
	"strconv"

	"golang.org/x/sys/unix"
)

func sysvShmCreate(key int32) (int, error) {
	return unix.SysvShmGet(int(key), 16, unix.IPC_CREAT|unix.IPC_EXCL|0o600)
}

func hexKey(k int32) string { return fmt.Sprintf("%#x", k) }
func itoa(i int) string     { return strconv.Itoa(i) }
