package ipcconform_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness"
	"github.com/rogpeppe/go-internal/txtar"
)

// Fixtures of the message queue and text protocol scenarios: msgq_sysv,
// mq_posix, date_server and capitalize_server.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "msgq_sysv_receiver_int32",
			Scenario: "msgq_sysv",
			Role:     "receiver",
			Want:     `stdout and receiver\.out differ at byte 46 `,
		},
		harness.Fixture{
			Program:  "msgq_sysv_receiver_noerror",
			Scenario: "msgq_sysv",
			Role:     "receiver",
			Want:     `stdout and receiver\.out differ at byte 493 `,
		},
		harness.Fixture{
			Program:  "mq_posix_receiver_smallbuf",
			Scenario: "mq_posix",
			Role:     "receiver",
			Want:     `mq_timedreceive: EMSGSIZE`,
			// The sender waits $PEER_TIMEOUT for the mailbox to empty.
			PeerTimeout: 2 * time.Second,
		},
		harness.Fixture{
			Program:  "date_server_ctime",
			Scenario: "date_server",
			Role:     "server",
			Want:     `stdout and epoch0\.out differ at byte 8 `,
		},
		harness.Fixture{
			Program:  "capitalize_server_lastbyte",
			Scenario: "capitalize_server",
			Role:     "server",
			Want:     `stdout and hello\.out differ at byte 31 `,
		},
	)
}

// TestThirdLanguageCopies checks that the Python and Java programs the
// date_server and capitalize_server scripts carry in their archives (a
// script can run only what is in $WORK) are those of ctests/python and
// ctests/java, so the two copies cannot drift apart.
func TestThirdLanguageCopies(t *testing.T) {
	copies := map[string][]string{
		"testdata/script/capitalize_server.txtar": {"ctests/python/tcp_server.py", "ctests/python/tcp_client.py"},
		"testdata/script/date_server.txtar":       {"ctests/java/DateServer.java", "ctests/java/DateClient.java"},
	}
	for script, sources := range copies {
		ar, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range sources {
			want, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(ar.Files, func(f txtar.File) bool { return f.Name == filepath.Base(src) })
			switch {
			case i < 0:
				t.Errorf("%s: no copy of %s in the archive", script, src)
			case !bytes.Equal(ar.Files[i].Data, want):
				t.Errorf("%s: the archive's %s differs from %s", script, ar.Files[i].Name, src)
			}
		}
	}
}
