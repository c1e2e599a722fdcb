module example.com/ipcconform-examples/gen2brainshm

go 1.26.0

require (
	github.com/gen2brain/shm v0.1.0
	github.com/ipcconform/ipcconform v0.0.0
	golang.org/x/sys v0.49.0
)

require (
	github.com/rogpeppe/go-internal v1.16.0 // indirect
	golang.org/x/tools v0.26.0 // indirect
)

replace github.com/ipcconform/ipcconform => ../..
