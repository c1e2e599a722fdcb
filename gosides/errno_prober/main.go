// Command errno_prober is the Go counterpart of ctests/errno_prober.c: for
// each case named by -case (a comma separated list) it makes the situation,
// makes the failing call, removes what it made, and prints
// "case: call: ENAME", the errno named as the C prober names it.
//
// The cases live in package errnoprobe (prober.go, which follows the C
// file case by case), so that a must-fail fixture can run them all with a
// broken naming of errnos.
package main

import "github.com/ipcconform/ipcconform/gosides/errnoprobe"

func main() {
	errnoprobe.Main(errnoprobe.Name)
}
