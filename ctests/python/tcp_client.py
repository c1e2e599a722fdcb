"""TCPClient of document 001 (Python, port 12000), made correct.

It sends a sentence to the capitalize server and prints "From Server: " and
the reply, byte for byte. It is the "py" implementation of the role
capitalize_client, so it takes the same flags, prints the same bytes and
exits with the same statuses as ctests/capitalize_client.c.

Made correct, and why:
- Python 3: input for raw_input; the sentence (-sentence, or a line read
  after the prompt "Input lowercase sentence:") and the reply stay bytes,
  so every byte goes out and comes back as it is. An empty standard input
  is "read: no sentence on standard input", not an EOFError traceback.
- The sentence is read before connecting, so that no connection waits on a
  person typing.
- The server is named by -host and -port (the document's 'servername' is a
  placeholder), resolved as getaddrinfo does for AF_INET.
- Like the document's client it keeps its sending side open; -shutdown
  shuts it down after the sentence, which tells a server reading to end
  of file that the sentence is whole. It reads the reply to the end rather than
  one recv(1024) that TCP may cut short, and refuses a reply longer than
  1024 bytes. sendall, not send: send may write part of the sentence.
- print('From Server:', reply) would print b'...' in Python 3; the reply
  is written as bytes after "From Server: ", as the C peer writes it.
- -timeout bounds the connection (SO_RCVTIMEO and SO_SNDTIMEO, as the C
  peer sets them: a silent server fails the read with EAGAIN); -chunk n
  writes the sentence n bytes at a time (TCP_NODELAY, 2 ms between
  pieces) to prove that the server reassembles it.
- Flags are parsed as the C peer's getopt_long_only parses them, numbers
  as its strtol; bad usage prints "usage: capitalize_client ..." and exits
  2; a failed call prints "call: ENAME" (the errno's name as glibc gives
  it, e.g. "connect: ECONNREFUSED") and exits 1, where the document
  printed a traceback.
"""
import errno
import os
import re
import signal
import socket
import struct
import sys
import time

PORT = 12000  # serverPort, CAPITALIZE_PORT
MAX = 1024  # recv(1024): the longest sentence and reply, CAPITALIZE_MAX
PROMPT = b"Input lowercase sentence:"
FROM = b"From Server:"

USAGE = "capitalize_client [-host name] [-port n] [-sentence text] [-chunk bytes] [-shutdown] [-timeout seconds]"

# errno.errorcode names a few numbers otherwise than glibc's
# strerrorname_np, which the C peers print.
GLIBC_NAMES = {errno.EDEADLK: "EDEADLK", errno.EOPNOTSUPP: "EOPNOTSUPP", 133: "EHWPOISON"}

# The getaddrinfo errors the C peer names; any other is EAI_FAIL there.
GAI_NAMES = {socket.EAI_NONAME: "EAI_NONAME", socket.EAI_AGAIN: "EAI_AGAIN", socket.EAI_FAIL: "EAI_FAIL"}
if hasattr(socket, "EAI_NODATA"):
    GAI_NAMES[socket.EAI_NODATA] = "EAI_NODATA"


def errno_name(err):
    return GLIBC_NAMES.get(err.errno) or errno.errorcode.get(err.errno, "EUNKNOWN")


def failf(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    sys.exit(1)


def fail(call, err):
    """Reports a failed call as "call: ENAME" and exits 1."""
    failf("%s: %s" % (call, errno_name(err)))


def usage(message=None):
    if message:
        sys.stderr.write(message + "\n")
    sys.stderr.write("usage: %s\n" % USAGE)
    sys.exit(2)


# strtol(s, &end, 0) of a whole word: leading blanks, a sign, then hex
# (0x), octal (leading 0) or decimal.
NUMBER = re.compile(r"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\Z")


def parse_long(s, lo, hi):
    m = NUMBER.match(s)
    v = None
    if m:
        digits = m.group(2)
        if digits[:2] in ("0x", "0X"):
            v = int(digits[2:], 16)
        elif digits.startswith("0"):
            v = int(digits, 8)
        else:
            v = int(digits)
        if m.group(1) == "-":
            v = -v
    if v is None or v < lo or v > hi:
        usage("bad number %s" % s)
    return v


def parse_flags(names, switches=()):
    """Parses sys.argv as getopt_long_only does: -name value, -name=value,
    --name value or --name=value for an option taking a value, -name or
    --name alone for a switch (set to ""); "--" ends the options; anything
    left over is bad usage."""
    args = sys.argv[1:]
    values = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        name = arg[2:] if arg.startswith("--") else arg[1:]
        name, eq, value = name.partition("=")
        if name in switches:
            if eq:
                usage("option '%s' doesn't allow an argument" % arg.partition("=")[0])
            values[name] = ""
            i += 1
            continue
        if name not in names:
            usage("unrecognized option '%s'" % arg)
        if not eq:
            if i + 1 == len(args):
                usage("option requires an argument -- '%s'" % name)
            i += 1
            value = args[i]
        values[name] = value
        i += 1
    if i != len(args):
        usage()
    return values


def timeval(seconds):
    return struct.pack("@ll", seconds, 0)


def prompt():
    """Asks for the sentence as raw_input does: the prompt, then one line
    of at most 1025 bytes (fgets into the C peer's buffer), its newline
    cut off."""
    try:
        sys.stdout.buffer.write(PROMPT)
        sys.stdout.buffer.flush()
    except OSError as e:
        fail("write", e)
    if sys.stdin is None:  # no descriptor 0 at all
        failf("read: EBADF")
    try:
        line = sys.stdin.buffer.readline(MAX + 1)
    except OSError as e:
        fail("read", e)
    if not line:
        failf("read: no sentence on standard input")
    return line.split(b"\n", 1)[0]


def main():
    # Ended by a signal, as the C peer is, not by a traceback.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    flags = parse_flags({"host", "port", "sentence", "chunk", "timeout"}, {"shutdown"})
    server_name = flags.get("host", "localhost")
    server_port = parse_long(flags["port"], 1, 65535) if "port" in flags else PORT
    chunk = parse_long(flags["chunk"], 0, MAX) if "chunk" in flags else 0
    timeout = parse_long(flags["timeout"], 1, 86400) if "timeout" in flags else 10

    if "sentence" in flags:
        # The bytes of the command line, as the C peer sends them.
        sentence = os.fsencode(flags["sentence"])
    else:
        sentence = prompt()
    if len(sentence) > MAX:
        usage("sentence longer than %d bytes" % MAX)
    # Python ignores SIGPIPE already: a server gone makes sendall EPIPE.

    try:
        addrs = socket.getaddrinfo(os.fsencode(server_name), None, socket.AF_INET, socket.SOCK_STREAM)
    except socket.gaierror as e:
        failf("getaddrinfo: %s" % GAI_NAMES.get(e.errno, "EAI_FAIL"))
    except OSError as e:  # EAI_SYSTEM: Python raises the errno itself
        fail("getaddrinfo", e)
    server_address = (addrs[0][4][0], server_port)

    try:
        client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError as e:
        fail("socket", e)
    try:
        client_socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval(timeout))
        client_socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval(timeout))
    except OSError as e:
        fail("setsockopt", e)
    try:
        client_socket.connect(server_address)
    except OSError as e:
        fail("connect", e)

    if chunk == 0:
        try:
            client_socket.sendall(sentence)
        except OSError as e:
            fail("write", e)
    else:
        try:
            client_socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as e:
            fail("setsockopt", e)
        for off in range(0, len(sentence), chunk):
            try:
                client_socket.sendall(sentence[off:off + chunk])
            except OSError as e:
                fail("write", e)
            time.sleep(0.002)
    if "shutdown" in flags:
        try:
            client_socket.shutdown(socket.SHUT_WR)
        except OSError as e:
            fail("shutdown", e)

    # One byte more than a reply may hold tells one that is too long.
    modified_sentence = b""
    try:
        while len(modified_sentence) <= MAX:
            data = client_socket.recv(MAX + 1 - len(modified_sentence))
            if not data:
                break
            modified_sentence += data
    except OSError as e:
        fail("read", e)
    if len(modified_sentence) > MAX:
        failf("read: reply longer than %d bytes" % MAX)
    try:
        sys.stdout.buffer.write(FROM + b" " + modified_sentence + b"\n")
        sys.stdout.buffer.flush()
    except OSError as e:
        fail("write", e)
    try:
        client_socket.close()
    except OSError as e:
        fail("close", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
