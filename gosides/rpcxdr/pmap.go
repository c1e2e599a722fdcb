package rpcxdr

// PmapCall calls the portmapper at port pmapPort on loopback over UDP, as
// libtirpc's pmap_set, pmap_unset and pmap_getport do at port 111:
// proc is PMAPPROC_SET, PMAPPROC_UNSET or PMAPPROC_GETPORT, and the
// result is the bool (0 or 1) or the port.
func PmapCall(pmapPort int, proc string, m Mapping, timeout int64) (uint32, error) {
	c, err := Dial(true, pmapPort, PMAP_VERS_Server{}.Prog(), PMAP_VERS_Server{}.Vers(), timeout)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	pm := PMAP_VERS_Client{Send: c}
	var res uint32
	err = Stub(func() {
		switch proc {
		case "PMAPPROC_SET":
			if pm.PMAPPROC_SET(m) {
				res = 1
			}
		case "PMAPPROC_UNSET":
			if pm.PMAPPROC_UNSET(m) {
				res = 1
			}
		default:
			res = pm.PMAPPROC_GETPORT(m)
		}
	})
	return res, err
}
