#!/usr/bin/env python3
"""A tiny stdlib-only upstream for the process and proxy tests.

Environment: PORT (required), STARTUP_DELAY (seconds to sleep before listening), IGNORE_TERM=1 (ignore SIGTERM),
MARKER (echoed by /whoami). Paths (any prefix): /whoami, /headers, /cookies, /sse, /slow?seconds=N,
/download?bytes=N, /crash, /status?code=N; POST anything → the byte count it read (streamed, never buffered whole).
"""
import json
import os
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

if os.environ.get("IGNORE_TERM") == "1":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
time.sleep(float(os.environ.get("STARTUP_DELAY", "0")))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        sys.stdout.write("request %s\n" % (format % args))
        sys.stdout.flush()

    def route(self):
        url = urlparse(self.path)
        return url.path.rstrip("/").rsplit("/", 1)[-1], parse_qs(url.query)

    def do_GET(self):
        name, query = self.route()
        if name == "whoami":
            body = json.dumps({"pid": os.getpid(), "port": int(os.environ["PORT"]), "marker": os.environ.get("MARKER", ""),
                               "path": self.path}).encode()
            return self.reply(200, body, "application/json")
        if name == "headers":
            return self.reply(200, json.dumps([[k, v] for k, v in self.headers.items()]).encode(), "application/json")
        if name == "cookies":
            self.send_response(200)
            self.send_header("Set-Cookie", "a=1; Path=/")
            self.send_header("Set-Cookie", "b=2; Path=/")
            self.send_header("Content-Length", "2")
            self.end_headers()
            return self.wfile.write(b"ok")
        if name == "sse":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"data: first\n\n")
            self.wfile.flush()
            time.sleep(float(query.get("pause", ["3"])[0]))
            self.wfile.write(b"data: second\n\n")
            self.wfile.flush()
            self.close_connection = True
            return
        if name == "slow":
            print("slow request started", flush=True)
            time.sleep(float(query.get("seconds", ["2"])[0]))
            return self.reply(200, b"slow done")
        if name == "download":
            total = int(query.get("bytes", ["1048576"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            chunk = b"x" * 65536
            sent = 0
            while sent < total:
                piece = chunk[: min(len(chunk), total - sent)]
                self.wfile.write(piece)
                sent += len(piece)
            return
        if name == "crash":
            os._exit(3)
        if name == "status":
            return self.reply(int(query.get("code", ["200"])[0]), b"status")
        self.reply(200, b"hello from upstream")

    def do_POST(self):
        remaining = int(self.headers.get("Content-Length") or 0)
        received = 0
        while remaining > 0:
            piece = self.rfile.read(min(65536, remaining))
            if not piece:
                break
            received += len(piece)
            remaining -= len(piece)
        self.reply(200, str(received).encode())

    def reply(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
server.daemon_threads = True
print("listening", flush=True)
server.serve_forever()
