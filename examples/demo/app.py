#!/usr/bin/env python3
"""Navigator's demo tenant: a tiny app using only Python's standard library.

Navigator starts it on the first request under its path prefix (see navigator.yml.sample), passes the port in
$PORT, proxies requests with their full path, and stops it after `applications.pools.timeout` without traffic.
"""
import html
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STARTED = time.time()


class DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "NavigatorDemo/1.0"

    def do_GET(self):
        if self.path.rstrip("/").endswith("/events"):
            return self.events()
        if self.path.rstrip("/").endswith("/up"):
            return self.reply(200, "text/plain; charset=utf-8", b"OK\n")
        if self.path.rstrip("/").endswith("/info"):
            info = {
                "path": self.path,
                "pid": os.getpid(),
                "port": int(os.environ.get("PORT", "0")),
                "uptime_seconds": round(time.time() - STARTED, 3),
                "headers": {name: value for name, value in self.headers.items()},
            }
            return self.reply(200, "application/json", json.dumps(info, indent=2).encode() + b"\n")
        page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Navigator demo tenant</title></head>
<body>
<h1>Hello from the demo tenant</h1>
<p>This page came from <code>examples/demo/app.py</code> (pid {os.getpid()}, port {os.environ.get("PORT")}),
started by Navigator on demand for <code>{html.escape(self.path)}</code>.</p>
<p>Try <a href="info">info</a> (what the app received) or <a href="events">events</a> (server-sent events).</p>
</body></html>
"""
        self.reply(200, "text/html; charset=utf-8", page.encode())

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.reply(200, "text/plain; charset=utf-8", f"received {len(body)} bytes\n".encode())

    def events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        for number in range(5):
            self.wfile.write(f"data: tick {number}\n\n".encode())
            self.wfile.flush()
            time.sleep(1)
        self.close_connection = True

    def reply(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        sys.stdout.write("%s %s\n" % (self.address_string(), format % args))
        sys.stdout.flush()


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("127.0.0.1", port), DemoHandler)
    server.daemon_threads = True
    print(f"demo tenant listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever()
