package wire

// The hostile peer's limits; mirrors ctests/include/hostile.h. The hostile
// peer is C alone, but its constants are checked like every other: a Go
// test reading its output relies on them.
const (
	HostileMaxItems     = 64               // HOSTILE_MAX_ITEMS: -data (and -mtype) occurrences
	HostileMaxBytes     = 1048576          // HOSTILE_MAX_BYTES: bytes of one -data, after -repeat
	HostileHold         = 5                // HOSTILE_HOLD: default -hold, seconds a silent peer stays
	HostileAcceptWait   = 30               // HOSTILE_ACCEPT_WAIT: seconds a serving peer waits for its target to connect
	HostileStormSignals = "CHLD,URG,WINCH" // HOSTILE_STORM_SIGNALS
	HostileStormEveryUs = 300              // HOSTILE_STORM_EVERY_US: microseconds between two rounds
)
