package wire

// The protocol of document 001's Python TCPServer and TCPClient; mirrors
// ctests/include/capitalize.h.
const (
	CapitalizePort    = 12000 // CAPITALIZE_PORT
	CapitalizeBacklog = 1     // CAPITALIZE_BACKLOG
	CapitalizeMax     = 1024  // CAPITALIZE_MAX

	CapitalizeReadyText = "The server is ready to receive" // CAPITALIZE_READY_TEXT
	CapitalizePrompt    = "Input lowercase sentence:"      // CAPITALIZE_PROMPT
	CapitalizeFrom      = "From Server:"                   // CAPITALIZE_FROM
)
