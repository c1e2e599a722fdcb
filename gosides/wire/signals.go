package wire

// Signals as one-way messages; mirrors ctests/include/signals.h.
const (
	SignalsSiQueue = -1                   // SIGNALS_SI_QUEUE: SI_QUEUE, si_code of a sigqueue()d signal
	SignalsList    = "USR1,USR2,TERM,INT" // SIGNALS_LIST: what the sender sends by default
)
