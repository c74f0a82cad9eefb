#!/usr/bin/env python3
"""A tiny stdlib-only upstream for the process and proxy tests.

Environment: PORT (required), STARTUP_DELAY (seconds to sleep before listening), IGNORE_TERM=1 (ignore SIGTERM),
MARKER (echoed by /whoami). Paths (any prefix): /whoami, /headers, /cookies, /sse, /slow?seconds=N,
/download?bytes=N, /crash, /status?code=N, /ws (a WebSocket handshake → 101, then each frame is echoed until
the client closes; without Upgrade → 426); POST anything → the byte count it read (streamed, never buffered whole).
"""
import base64
import hashlib
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
        if name == "ws":
            return self.websocket()
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

    def websocket(self):
        key = self.headers.get("Sec-WebSocket-Key")
        if "websocket" not in (self.headers.get("Upgrade") or "").lower() or not key:
            return self.reply(426, b"upgrade required")
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept.decode())
        self.end_headers()
        self.wfile.flush()
        print("websocket opened", flush=True)
        while True:
            frame = self.read_frame()
            if frame is None:
                break
            opcode, payload = frame
            if opcode == 8:
                self.send_frame(8, payload[:2])
                break
            self.send_frame(opcode, payload)
        self.close_connection = True

    def read_exactly(self, count):
        data = b""
        while len(data) < count:
            piece = self.rfile.read(count - len(data))
            if not piece:
                return None
            data += piece
        return data

    def read_frame(self):
        """One client frame (opcode, unmasked payload), or None at end of stream."""
        head = self.read_exactly(2)
        if head is None:
            return None
        length = head[1] & 0x7F
        if length == 126:
            length = int.from_bytes(self.read_exactly(2) or b"\0\0", "big")
        elif length == 127:
            length = int.from_bytes(self.read_exactly(8) or b"\0" * 8, "big")
        mask = self.read_exactly(4) if head[1] & 0x80 else b"\0\0\0\0"
        payload = self.read_exactly(length) if length else b""
        if mask is None or payload is None:
            return None
        return head[0] & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

    def send_frame(self, opcode, payload):
        """An unmasked server frame."""
        if len(payload) < 126:
            head = bytes([0x80 | opcode, len(payload)])
        else:
            head = bytes([0x80 | opcode, 126]) + len(payload).to_bytes(2, "big")
        self.wfile.write(head + payload)
        self.wfile.flush()

    def reply(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
server.daemon_threads = True
print("listening %d" % server.server_address[1], flush=True)
server.serve_forever()
