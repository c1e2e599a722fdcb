"""TCPClient of document 001 (Python, port 12000), made correct.

It sends a sentence to the capitalize server and prints "From Server: " and
the reply, byte for byte.

Made correct: Python 3 (input for raw_input); the server's host and port
come from arguments (the document's 'servername' is a placeholder), with the
flags of capitalize_client; after the sentence it shuts down its sending
side, which tells the server the sentence is whole, and it reads the reply
to the end rather than one recv(1024).
"""
import argparse
import socket
import sys

MAX = 1024  # CAPITALIZE_MAX


def main():
    p = argparse.ArgumentParser(prog="tcp_client.py")
    p.add_argument("-host", default="localhost")
    p.add_argument("-port", type=int, default=12000)
    p.add_argument("-sentence")
    p.add_argument("-timeout", type=float, default=10)
    args = p.parse_args()

    sentence = args.sentence
    if sentence is None:
        sentence = input("Input lowercase sentence:")
    client_socket = socket.create_connection((args.host, args.port), timeout=args.timeout)
    client_socket.sendall(sentence.encode())
    client_socket.shutdown(socket.SHUT_WR)
    reply = b""
    while len(reply) <= MAX:
        data = client_socket.recv(MAX + 1 - len(reply))
        if not data:
            break
        reply += data
    client_socket.close()
    if len(reply) > MAX:
        print("read: reply longer than %d bytes" % MAX, file=sys.stderr)
        return 1
    sys.stdout.buffer.write(b"From Server: " + reply + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
