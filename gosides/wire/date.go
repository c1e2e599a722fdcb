package wire

// The date protocol of document 001's Java DateServer and DateClient;
// mirrors ctests/include/date.h.
const (
	DatePort    = 6013        // DATE_PORT
	DateHost    = "127.0.0.1" // DATE_HOST
	DateBacklog = 50          // DATE_BACKLOG, java.net.ServerSocket's default

	DateFormat    = "%a %b %d %H:%M:%S %Z %Y"      // DATE_FORMAT, for strftime
	DateFormatUTC = "%a %b %d %H:%M:%S UTC %Y"     // DATE_FORMAT_UTC, for strftime
	DateLineMax   = 256                            // DATE_LINE_MAX
	DateLayout    = "Mon Jan 02 15:04:05 MST 2006" // DateFormat as a Go layout
	DateLayoutUTC = "Mon Jan 02 15:04:05 UTC 2006" // DateFormatUTC as a Go layout
)
