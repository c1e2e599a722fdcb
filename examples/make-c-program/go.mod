module example.com/ipcconform-examples/makecprogram

go 1.26.0

require (
	github.com/ipcconform/ipcconform v0.0.0
	golang.org/x/sys v0.49.0
)

replace github.com/ipcconform/ipcconform => ../..
