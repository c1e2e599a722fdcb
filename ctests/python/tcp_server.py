"""TCPServer of document 001 (Python, port 12000), made correct.

It serves clients one after another: from each it reads a sentence to the
end of what the client sends, replies it with its ASCII letters in upper
case (bytes.upper(), as the C and Go servers do) and closes the connection.

Made correct: Python 3; one recv(1024) may return part of a sentence, so it
reads until the client shuts down its sending side; it binds loopback and
takes its port, client count, ready file and timeout from arguments, with
the flags of capitalize_server.
"""
import argparse
import os
import socket
import sys

MAX = 1024  # CAPITALIZE_MAX


def main():
    p = argparse.ArgumentParser(prog="tcp_server.py")
    p.add_argument("-port", type=int, default=12000)
    p.add_argument("-n", type=int, default=0)
    p.add_argument("-ready")
    p.add_argument("-timeout", type=float, default=10)
    args = p.parse_args()

    server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_socket.bind(("127.0.0.1", args.port))
    server_socket.listen(1)
    print("The server is ready to receive", flush=True)
    if args.ready:
        with open(args.ready + ".tmp", "w") as f:
            f.write("%d\n" % server_socket.getsockname()[1])
        os.rename(args.ready + ".tmp", args.ready)

    failures = 0
    served = 0
    while args.n == 0 or served < args.n:
        connection_socket, _ = server_socket.accept()
        served += 1
        with connection_socket:
            connection_socket.settimeout(args.timeout)
            sentence = b""
            while len(sentence) <= MAX:
                data = connection_socket.recv(MAX + 1 - len(sentence))
                if not data:
                    break
                sentence += data
            if len(sentence) > MAX:
                print("read: sentence longer than %d bytes" % MAX, file=sys.stderr)
                failures += 1
                continue
            connection_socket.sendall(sentence.upper())
    server_socket.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
