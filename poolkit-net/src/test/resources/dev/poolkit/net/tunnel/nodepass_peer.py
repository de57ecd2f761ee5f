#!/usr/bin/env python3
"""A minimal NodePass (pool v1.0.5) tunnel peer, written from the wire format alone.

The protocol: after TCP connect (and, when TLS is on, a TLS 1.3 handshake), the server writes the
connection's ID, 4 random bytes as 8 lowercase hex ASCII characters, with no length prefix and no
acknowledgement. Nothing else is framed: after the ID the connection carries application bytes.

    nodepass_peer.py server [--cert FILE --key FILE]
        Listens on 127.0.0.1 (a free port), prints "PORT <n>", and for each connection writes a
        fresh ID, prints "ID <id>", then echoes every byte back until the client closes.

    nodepass_peer.py client --port N --count K [--tls]
        Opens K connections, reads each ID (exactly 8 bytes, checked), prints "ID <id>", then
        sends "hello <id>\\n" on every connection and prints "REPLY <line>" for the line each one
        answers with.

Both run until standard input is closed, then exit with status 0. Errors go to standard error
and exit with status 1. Used by NodePassWireCompatibilityTest; talks to loopback only.
"""

import argparse
import re
import secrets
import socket
import ssl
import sys
import threading

ID_PATTERN = re.compile(r"^[0-9a-f]{8}$")
print_lock = threading.Lock()


def say(line):
    with print_lock:
        print(line, flush=True)


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError(f"connection closed after {len(data)} of {n} bytes")
        data += chunk
    return data


def read_line(conn):
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            raise EOFError(f"connection closed after {data!r}")
        data += chunk
    return data[:-1].decode("ascii")


def server(args):
    context = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_3
        context.load_cert_chain(args.cert, args.key)
    listener = socket.create_server(("127.0.0.1", 0))
    say(f"PORT {listener.getsockname()[1]}")

    def handle(conn):
        try:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if context:
                conn = context.wrap_socket(conn, server_side=True)
            conn_id = secrets.token_bytes(4).hex()
            conn.sendall(conn_id.encode("ascii"))
            say(f"ID {conn_id}")
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
        except (OSError, ssl.SSLError) as e:
            print(f"connection failed: {e}", file=sys.stderr, flush=True)
        finally:
            conn.close()

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    sys.stdin.read()


def client(args):
    context = None
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_3
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    connections = []
    for _ in range(args.count):
        conn = socket.create_connection(("127.0.0.1", args.port), timeout=30)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if context:
            conn = context.wrap_socket(conn)
        conn_id = read_exactly(conn, 8).decode("ascii")
        if not ID_PATTERN.match(conn_id):
            raise ValueError(f"not a NodePass ID: {conn_id!r}")
        say(f"ID {conn_id}")
        connections.append((conn_id, conn))
    for conn_id, conn in connections:
        conn.sendall(f"hello {conn_id}\n".encode("ascii"))
    for _, conn in connections:
        say(f"REPLY {read_line(conn)}")
    sys.stdin.read()
    for _, conn in connections:
        conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("server")
    s.add_argument("--cert")
    s.add_argument("--key")
    c = sub.add_parser("client")
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--count", type=int, required=True)
    c.add_argument("--tls", action="store_true")
    args = parser.parse_args()
    try:
        server(args) if args.mode == "server" else client(args)
    except Exception as e:  # report and fail: the test prints this output
        print(f"{args.mode} failed: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
