"""TCPServer of document 001 (Python, port 12000), made correct.

It serves clients one after another: from each it takes a sentence, what
one recv(1024) returns, as the document's server does (with -to-eof, all
the client sends until it shuts down its side), replies it with its ASCII
letters in upper case and closes the connection. It is the "py" implementation of the role
capitalize_server, so it takes the same flags, prints the same bytes and
exits with the same statuses as ctests/capitalize_server.c.

Made correct, and why:
- Python 3: print is a function; the sentence stays bytes, never decoded,
  so a byte that is not UTF-8 comes back as it came instead of raising.
- bytes.upper() changes ASCII letters alone, as the C and Go servers do;
  the document's str.upper() would change "ü" to "Ü" too.
- One recv(1024) may return part of a sentence that TCP split, so with
  -to-eof it reads until the client shuts down its sending side, and
  refuses a sentence longer than 1024 bytes (the document's recv size)
  rather than cutting it.
- sendall, not send: send may write part of the reply.
- It binds loopback, not every address ('' in the document), unless -bind
  asks; port 0 picks a free port, reported in the -ready file, written
  under a temporary name and renamed so that a reader never sees half.
- Each client is bounded by -timeout (SO_RCVTIMEO and SO_SNDTIMEO, as the
  C peer sets them, so a stalled client fails its read with EAGAIN) and a
  failing client costs that client, not the server; -n ends it after that
  many clients, and it exits 1 if any of them failed.
- Flags are parsed as the C peer's getopt_long_only parses them (single
  dash, a value in the next word or after "="), numbers as its strtol;
  bad usage prints "usage: capitalize_server ..." and exits 2; a failed
  call prints "call: ENAME" (the errno's name as glibc gives it) and
  exits 1, where the document printed a traceback.
"""
import errno
import os
import re
import signal
import socket
import struct
import sys

PORT = 12000  # serverPort, CAPITALIZE_PORT
BACKLOG = 1  # serverSocket.listen(1), CAPITALIZE_BACKLOG
MAX = 1024  # recv(1024): the longest sentence, CAPITALIZE_MAX
READY_TEXT = "The server is ready to receive"

USAGE = "capitalize_server [-bind addr] [-port n] [-n clients] [-to-eof] [-ready file] [-timeout seconds]"
LONG_MAX = 2**63 - 1

# errno.errorcode names a few numbers otherwise than glibc's
# strerrorname_np, which the C peers print.
GLIBC_NAMES = {errno.EDEADLK: "EDEADLK", errno.EOPNOTSUPP: "EOPNOTSUPP", 133: "EHWPOISON"}


def errno_name(err):
    return GLIBC_NAMES.get(err.errno) or errno.errorcode.get(err.errno, "EUNKNOWN")


def error(call, err):
    """Reports a failed call as "call: ENAME" on stderr."""
    sys.stderr.write("%s: %s\n" % (call, errno_name(err)))
    sys.stderr.flush()


def fail(call, err):
    error(call, err)
    sys.exit(1)


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


def parse_ipv4(s):
    """inet_pton(AF_INET): four decimal numbers, no leading zeros."""
    parts = s.split(".")
    if len(parts) != 4 or not all(re.fullmatch(r"0|[1-9][0-9]{0,2}", p) and int(p) < 256 for p in parts):
        usage("bad address %s" % s)
    return s


def timeval(seconds):
    return struct.pack("@ll", seconds, 0)


def ready_file(path, port):
    """Writes the port to path atomically: a temporary file renamed."""
    tmp = path + ".tmp"
    try:
        f = open(tmp, "w")
    except OSError as e:
        fail("open", e)
    try:
        with f:
            f.write("%d\n" % port)
    except OSError as e:
        fail("write", e)
    try:
        os.rename(tmp, path)
    except OSError as e:
        fail("rename", e)


def serve(connection_socket, to_eof):
    """Serves one client; returns False after reporting why it failed."""
    # One byte more than a sentence may hold tells one that is too long.
    sentence = b""
    try:
        if not to_eof:
            sentence = connection_socket.recv(MAX)
        while to_eof and len(sentence) <= MAX:
            data = connection_socket.recv(MAX + 1 - len(sentence))
            if not data:
                break
            sentence += data
    except OSError as e:
        error("read", e)
        return False
    if len(sentence) > MAX:
        sys.stderr.write("read: sentence longer than %d bytes\n" % MAX)
        sys.stderr.flush()
        return False
    capitalized_sentence = sentence.upper()
    try:
        connection_socket.sendall(capitalized_sentence)
    except OSError as e:
        error("write", e)
        return False
    return True


def main():
    # Ended by a signal, as the C peer is, not by a traceback.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    flags = parse_flags({"bind", "port", "n", "ready", "timeout"}, {"to-eof"})
    bind_addr = parse_ipv4(flags.get("bind", "127.0.0.1"))
    server_port = parse_long(flags["port"], 0, 65535) if "port" in flags else PORT
    clients = parse_long(flags["n"], 0, LONG_MAX) if "n" in flags else 0
    timeout = parse_long(flags["timeout"], 1, 86400) if "timeout" in flags else 10
    ready = flags.get("ready")
    # Python ignores SIGPIPE already: a client gone makes sendall EPIPE.

    try:
        server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError as e:
        fail("socket", e)
    try:
        server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    except OSError as e:
        fail("setsockopt", e)
    try:
        server_socket.bind((bind_addr, server_port))
    except OSError as e:
        fail("bind", e)
    try:
        server_socket.listen(BACKLOG)
    except OSError as e:
        fail("listen", e)
    port = server_socket.getsockname()[1]
    try:
        sys.stdout.write(READY_TEXT + "\n")
        sys.stdout.flush()
    except OSError as e:
        fail("write", e)
    if ready is not None:
        ready_file(ready, port)

    failures = 0
    served = 0
    while clients == 0 or served < clients:
        try:
            connection_socket, addr = server_socket.accept()
        except ConnectionAbortedError:
            continue  # a client gone before accept: not one served
        except OSError as e:
            fail("accept", e)
        served += 1
        try:
            connection_socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval(timeout))
            connection_socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval(timeout))
        except OSError as e:
            fail("setsockopt", e)
        if not serve(connection_socket, "to-eof" in flags):
            failures += 1
        try:
            connection_socket.close()
        except OSError as e:
            fail("close", e)
    server_socket.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
