// Package ipcconform proves that Go programs and C programs agree, byte for
// byte, when they talk over Linux IPC: shared memory, mapped files, pipes,
// FIFOs, sockets, message queues and signals, on every Linux architecture.
//
// The C peers live in ctests, their Go counterparts in gosides, the
// scenarios in testdata/script, and the machinery that builds and runs
// them in harness. Run the suite with go test ./...; see README.md.
package ipcconform
