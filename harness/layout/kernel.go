package layout

// XSysKernelName is the name of the check XSysKernel returns.
const XSysKernelName = "xsys-kernel"

// XSysKernel returns the built-in check of golang.org/x/sys/unix's types
// against the Linux kernel's UAPI headers. Root must be set to a folder
// of a module that requires golang.org/x/sys.
func XSysKernel() Config {
	return Config{Name: XSysKernelName, Package: DefaultSystem, ProbeSource: "\n"}
}
