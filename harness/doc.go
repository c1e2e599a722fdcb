/*
Package harness builds the peers a configuration names and runs its
scenarios over them.

A Config (read from ipcconform.json by Load; see harness/config.go) names
the scripts folder, the expected-failure lists, each role's C and Go
implementations, the rule that maps a program's name to its role, the
timeouts and the layout checks. A module's tests pass it:

	func TestScenarios(t *testing.T)  { harness.Open(t, "ipcconform.json").RunScenarios(t) }
	func TestPeersBuild(t *testing.T) { harness.Open(t, "ipcconform.json").CheckPeersBuild(t) }
	func TestLayout(t *testing.T)     { harness.Open(t, "ipcconform.json").CheckLayout(t) }
	func TestMain(m *testing.M)       { os.Exit(harness.Main(m)) }

Every script runs once per pairing of the implementations of its roles
(c-c, the reference, then c-go, go-c and go-go) as a subtest named after
the pairing, such as
TestScenarios/tcp_fixed/server=c,client=go. Peers are built once per
architecture into a cache keyed by their sources, compiler, flags and
target, and started through their architecture's runner.

Each script gets its own environment:

	$KEY           a SysV IPC key no other script or run is using
	$NAME          a POSIX IPC name (/ipcconform.<pid>.<n>) likewise
	$PEER_TIMEOUT  seconds a peer should wait for its counterpart
	$ROLES         the script's roles, space separated
	$EMULATED      true when a role of the pairing runs under qemu-user

Everything created under $KEY, $NAME and names from `unique` is removed when
the script ends; a leftover after a passing script fails it as a leak.

# Commands

The harness adds these commands to testscript's own:

	[!] cmp-bytes file1 file2
		Compare two files (or stdout, stderr) byte for byte. On a difference,
		print its offset and a hex dump of both around it. With
		UPDATE_SCRIPTS=1 in the environment, a differing file2 that is a
		file of the script's archive is rewritten with file1's bytes
		instead (when txtar can hold them: a final newline, no line that
		reads as a file marker).

	isolate ipc|net|shm...
		Give the script's peers, from here on, namespaces of their own: ipc,
		an IPC namespace (which scripts run as root have anyway; isolate
		makes it a requirement); net, a network namespace with loopback
		alone; shm, a mount namespace whose /dev/shm is a tmpfs of its
		own. It is for programs that take no flags and use fixed keys,
		ports and names (the documents' own: key 5678, port 6013,
		/dev/shm/OS), so that parallel scripts and runs never meet, and
		what they leave ends with the namespaces. It must come before the
		script's first peer; guard the script with [isolation].

	kill-peer [-SIGNAL] name
		Send a signal (by name, as -USR1 or -SIGUSR1; default SIGKILL) to a
		background peer.

	[!] peer [-bg name] [-deadline duration] [-impl c|go] [-arch goarch] [-stdin file] program [args...]
		Run a peer program. A program whose name maps to one of the script's
		roles (by the configuration's role rule; by default the text after
		the last underscore: shm_sysv_server plays "server") runs as the
		pairing binds that role; any other needs -impl. With -stdin the
		file is its standard input (by default it has none). With -bg the peer runs in the background under name;
		otherwise the command waits for it, and its output becomes stdout and
		stderr. A peer still running after its deadline (default 60s) is
		killed with its process group, and the failure names it: with ! as
		without, since a hang is never the failure a script wants.

	peer-path [-impl c|go] [-arch goarch] VAR program
		Set VAR to a path that starts program as the pairing binds its role,
		for a peer that starts another itself (a parent that execs its
		child, popen). An emulated program gets a wrapper script that runs
		it under its runner.

	roles role...
		State the script's roles. It must be the script's first command: the
		harness reads it before the script runs to make the pairings.

	sysvipc shm|msg|sem
		Print /proc/sysvipc/shm (msg, sem) as the script's peers see it, in
		the script's IPC namespace: the key, id, mode, size and pids that
		ipcs shows. Check it with stdout.

	unique key|name VAR
		Set VAR to a fresh SysV key or POSIX IPC name, removed at the end.

	wait-listen [-timeout duration] port
		Wait until a TCP socket listens on port where the script's peers
		run (in its network namespace, after isolate net): the readiness
		of a server that takes no -ready flag. It reads /proc/net/tcp and
		tcp6 and never connects. It fails early, naming the peer, if a
		background peer ends first.

	[!] wait-peer name
		Wait for a background peer; its output becomes stdout and stderr. It
		fails if the peer's exit status is not 0 (with !, if it is).

	wait-ready [-timeout duration] file [VAR]
		Wait until file holds a complete line, the way a server says it is
		ready, and set VAR to that line. It fails early, naming the peer, if
		a background peer ends first.

	wait-shm [-timeout duration] key text
		Wait until the SysV segment under key, in the script's IPC
		namespace, begins with the bytes of text: the readiness of a
		server that fills a segment and takes no -ready flag. It attaches
		the segment read-only for each look. It fails early, naming the
		peer, if a background peer ends first.

# Conditions

	[root]
		The test runs as root.

	[isolation]
		isolate can make network and mount namespaces here (root, and
		allowed to: not in a container without CAP_SYS_ADMIN).

	[cc:GOARCH]
		A C compiler for GOARCH is installed.

	[qemu:GOARCH]
		Programs built for GOARCH can run here, natively or under qemu-user.

	[emulated]
		A role of the pairing runs under emulation (qemu-user): slow, so a
		script may scale its counts down.

	[mixed-endian]
		Roles of the pairing run on architectures of different byte order
		(s390x against amd64): a scenario whose shared memory holds integers
		in host order means nothing there, and says so with a skip.

	[mixed-width]
		Roles of the pairing run on architectures of different word size
		(arm against amd64).

An unknown condition is an error.
*/
package harness
