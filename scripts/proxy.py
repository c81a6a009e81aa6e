"""A tiny reverse proxy and load balancer for the local production layout.

It spreads requests over the application nodes in turn (the next one when a node refuses the
connection), and passes the client's address in ``X-Forwarded-For`` (appended to what the
client sent, as nginx's ``$proxy_add_x_forwarded_for``) and the scheme in
``X-Forwarded-Proto``, so that the nodes, trusting this proxy (``TRUSTED_PROXIES``), see
the real client. It keeps connections from clients alive; bodies are passed whole.

    python scripts/proxy.py --port 8080 --backend 127.0.0.1:8001 --backend 127.0.0.1:8002

Only for `make prod-check` and the load run: production puts nginx here (docs/production.md).
"""

import argparse
import http.client
import itertools
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "content-length",
}
TIMEOUT = 120
SAFE = "/?&=%:;,+@!$'()*~#[]"


class Backends:
    def __init__(self, addresses: list[tuple[str, int]]) -> None:
        self.addresses = addresses
        self._turn = itertools.cycle(range(len(addresses)))
        self._lock = threading.Lock()

    def order(self) -> list[tuple[str, int]]:
        """All nodes, starting with the one whose turn it is."""
        with self._lock:
            first = next(self._turn)
        return self.addresses[first:] + self.addresses[:first]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    backends: Backends

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def forward(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.send_error(411)
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        prior = self.headers.get("X-Forwarded-For")
        client = self.client_address[0]
        headers["X-Forwarded-For"] = f"{prior}, {client}" if prior else client
        headers["X-Forwarded-Proto"] = "http"
        if body is not None:
            headers["Content-Length"] = str(len(body))
        # The request line arrives as bytes read as Latin-1: raw UTF-8 in an address is
        # passed on percent-encoded, as a browser would send it.
        path = quote(self.path.encode("latin-1"), safe=SAFE)
        for host, port in self.backends.order():
            connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
            try:
                connection.request(self.command, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except ConnectionRefusedError:
                connection.close()
                continue  # the node is down: the request never reached it
            except Exception:  # noqa: BLE001 — any failure of the node is a 502 to the client
                connection.close()
                break
            connection.close()
            self.send_response_only(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            length_sent = len(data)
            if self.command == "HEAD":  # no body, but the size of the one GET would have
                length_sent = int(response.getheader("Content-Length") or 0)
            self.send_header("Content-Length", str(length_sent))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            return
        self.send_error(502, "No application node answered")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = forward


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--backend", action="append", required=True, help="host:port")
    args = parser.parse_args(argv)
    addresses = []
    for backend in args.backend:
        host, _, port = backend.rpartition(":")
        addresses.append((host, int(port)))
    Handler.backends = Backends(addresses)
    server = Server((args.host, args.port), Handler)
    print(f"proxy on {args.host}:{args.port} -> {', '.join(args.backend)}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
