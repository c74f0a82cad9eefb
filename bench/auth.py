#!/usr/bin/env python3
"""Static requests under bcrypt load (issue 5): is the event loop ever blocked by password hashing?

Starts the real `navigator` binary on 127.0.0.1 port 0 with auth enabled (bcrypt cost 10, written by Apache's
`htpasswd`) and `/assets/` public. Each round measures unauthenticated static requests twice in the same run:
alone, and while 200 concurrent clients send authenticated requests. The authenticated clients rotate over
2,000 users (in strict rotation) that share one cost-10 hash, so the 1,024-entry credential cache never hits and every authenticated
request pays for a full bcrypt on the hashing pool. Prints medians over the rounds with min–max.

usage: bench/auth.py [--binary PATH] [--rounds 3] [--seconds 5]
"""
import argparse
import asyncio
import base64
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


async def request(reader, writer, path, headers=""):
    """One keep-alive GET; returns the status."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n{headers}\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    match = re.search(rb"(?i)content-length:\s*(\d+)", head)
    if match:
        await reader.readexactly(int(match.group(1)))
    return status


async def static_client(port, stop, latencies, errors):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while not stop.is_set():
        start = time.perf_counter()
        status = await request(reader, writer, "/assets/app.js")
        latencies.append(time.perf_counter() - start)
        if status != 200:
            errors.append(status)
    writer.close()


# One sequence over every phase: users are visited in strict rotation, so with more users than the cache holds,
# every authenticated request misses the cache and pays for bcrypt.
NEXT_USER = itertools.count()


async def auth_client(port, users, stop, counts):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while not stop.is_set():
        user = f"user{next(NEXT_USER) % users:04d}"
        token = base64.b64encode(f"{user}:bench-pw".encode()).decode()
        status = await request(reader, writer, "/secret.txt", f"Authorization: Basic {token}\r\n")
        counts[status] = counts.get(status, 0) + 1
    writer.close()


async def phase(port, seconds, auth_clients, users):
    stop = asyncio.Event()
    latencies, errors, counts = [], [], {}
    tasks = [asyncio.create_task(static_client(port, stop, latencies, errors)) for _ in range(4)]
    tasks += [asyncio.create_task(auth_client(port, users, stop, counts)) for i in range(auth_clients)]
    await asyncio.sleep(seconds)
    stop.set()
    # Auth clients may be waiting for bcrypt; don't let them stretch the phase.
    done, pending = await asyncio.wait(tasks, timeout=30)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    latencies.sort()
    return {
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)],
        "max_ms": 1000 * latencies[-1],
        "static_rps": len(latencies) / seconds,
        "auth_rps": sum(counts.values()) / seconds,
        "auth_ok": counts.get(200, 0),
        "errors": len(errors),
    }


def start_navigator(binary, directory):
    """Starts the server with its output in a file (a full pipe would stall its access log) and returns the port."""
    log = open(os.path.join(directory, "navigator.log"), "w")
    process = subprocess.Popen(
        [binary, "--pid-file", os.path.join(directory, "navigator.pid"), os.path.join(directory, "navigator.yml")],
        cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        with open(os.path.join(directory, "navigator.log")) as f:
            for line in f:
                match = re.search(r"127\.0\.0\.1:(\d+)", line) if "listening" in line.lower() else None
                if match:
                    return process, int(match.group(1))
        time.sleep(0.1)
    process.kill()
    raise SystemExit("navigator did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/navigator"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--users", type=int, default=2000)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        args.binary = os.path.join(ROOT, ".build/debug/navigator")
    args.binary = os.path.abspath(args.binary)
    if not shutil.which("htpasswd"):
        raise SystemExit("htpasswd (apache2-utils) is required")

    directory = tempfile.mkdtemp(prefix="navigator-bench-auth-")
    os.makedirs(os.path.join(directory, "public/assets"))
    with open(os.path.join(directory, "public/assets/app.js"), "w") as f:
        f.write("console.log('static');\n" * 40)
    with open(os.path.join(directory, "public/secret.txt"), "w") as f:
        f.write("protected\n")
    line = subprocess.run(["htpasswd", "-nbB", "-C", "10", "x", "bench-pw"], capture_output=True, text=True, check=True).stdout
    hashed = line.strip().split(":", 1)[1]
    with open(os.path.join(directory, "htpasswd"), "w") as f:
        for n in range(args.users):
            f.write(f"user{n:04d}:{hashed}\n")
    with open(os.path.join(directory, "navigator.yml"), "w") as f:
        f.write(f"""server:
  listen: "127.0.0.1:0"
  static:
    public_dir: public
auth:
  enabled: true
  htpasswd: htpasswd
  public_paths: ["/assets/"]
""")
    process, port = start_navigator(args.binary, directory)
    results = {"alone": [], "under auth load": []}
    try:
        asyncio.run(phase(port, 1, 0, args.users))  # warm-up
        for _ in range(args.rounds):
            results["alone"].append(asyncio.run(phase(port, args.seconds, 0, args.users)))
            results["under auth load"].append(asyncio.run(phase(port, args.seconds, 200, args.users)))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(directory, ignore_errors=True)

    print(f"binary: {args.binary}   cores: {os.cpu_count()}   rounds: {args.rounds} x {args.seconds:g}s   "
          f"static clients: 4   auth clients: 0 / 200 (bcrypt cost 10, cache misses)")
    print(f"{'phase':<16} {'static p50 ms':>22} {'static p99 ms':>22} {'static max ms':>22} {'static req/s':>22} {'auth req/s':>18}")
    for name, rows in results.items():
        def cell(key, digits=2):
            values = [row[key] for row in rows]
            return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"
        print(f"{name:<16} {cell('p50_ms'):>22} {cell('p99_ms'):>22} {cell('max_ms', 1):>22} {cell('static_rps', 0):>22} {cell('auth_rps', 1):>18}")
    errors = sum(row["errors"] for rows in results.values() for row in rows)
    oks = sum(row["auth_ok"] for row in results["under auth load"])
    print(f"static errors: {errors}   authenticated 200s: {oks}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
