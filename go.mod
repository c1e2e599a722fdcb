module github.com/ipcconform/ipcconform

go 1.26.0

require (
	github.com/rogpeppe/go-internal v1.16.0
	golang.org/x/sys v0.49.0
)

require (
	github.com/xdrpp/goxdr v0.1.1 // indirect
	golang.org/x/tools v0.26.0 // indirect
)

tool github.com/xdrpp/goxdr/cmd/goxdr
