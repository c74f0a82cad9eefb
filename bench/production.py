#!/usr/bin/env python3
"""Production-like memory: the server's RSS over time under a steady, mixed load (issue 15's budget: ≤ 35 MB).

Usage: bench/production.py [--minutes 5] [--quick] [--rate 100] [--sockets 1000] [--binary .build/release/navigator]
                           [--bench .build/release/navigator-bench] [--json OUT]
       (NAV_GO=/path/to/navigator runs Navigator Go beside ours, same load, same time)

One server (and Navigator Go, when `NAV_GO` names it, at the same time on its own port) with: static files, the
cable hub and 3 tenants configured (trivial `python3 -m http.server` apps, started by the first request to each).
Once all three tenants answer, `navigator-bench idle` holds 1,000 subscribed cable sockets (10 streams × 100), and
for `--minutes` (default 5; `--quick`: 20 s) a load generator keeps 100 requests/s going over keep-alive
connections: 60 % static files (1 KB, 10 KB, 100 KB), 40 % proxied to the tenants, plus one broadcast per second
to one of the streams (100 sockets each). The server's VmRSS is read every 5 s (1 s with --quick). Prints a table of
RSS over time, writes the JSON to bench/results/production-latest.json and the plot to docs/perf/rss-production.svg
(with --quick: bench/results/rss-production-quick.svg, so a smoke never replaces the documented picture).
RSS is the server process only (tenants and the socket holder are separate processes).
"""
import argparse
import datetime
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time

import coldstart
import common

TENANTS = ("t1", "t2", "t3")
STATIC = [("1k.txt", 1024), ("10k.txt", 10 * 1024), ("100k.txt", 100 * 1024)]
# One cycle of the request mix: 6 static, 4 proxied (the tenants' own file of 2 KB).
MIX = ["/1k.txt", "/10k.txt", "/t1/page.txt", "/1k.txt", "/100k.txt", "/t2/page.txt", "/1k.txt", "/10k.txt",
       "/t3/page.txt", "/t1/page.txt"]
STREAMS = 10
QUICK = {"seconds": 20, "interval": 1}


def prepare(work):
    """The public directory and the tenants' common root (python's http.server serves its working directory, so
    /t1/page.txt is root/t1/page.txt)."""
    public = os.path.join(work, "public")
    apps = os.path.join(work, "apps")
    os.makedirs(public)
    for name, size in STATIC:
        with open(os.path.join(public, name), "wb") as f:
            f.write(os.urandom(size // 2).hex().encode())
    for tenant in TENANTS:
        os.makedirs(os.path.join(apps, tenant))
        open(os.path.join(apps, tenant, "up"), "w").write("OK")
        open(os.path.join(apps, tenant, "page.txt"), "w").write("x" * 2048)
    return public, apps


def config(port, public, apps):
    """The same config for both servers (Navigator Go gets `listen: <port>` through common.go_config)."""
    tenants = "".join(coldstart.tenant_yaml(f"/{t}/", apps, sys.executable,
                                            ["-m", "http.server", "--bind", "127.0.0.1", "{port}"], {}, f"/{t}/up")
                      for t in TENANTS)
    return (f'server:\n  listen: "127.0.0.1:{port}"\n  static:\n    public_dir: {public}\n'
            f"  health_check:\n    path: /up\n    response:\n      status: 200\n      body: OK\n"
            f"cable:\n  enabled: true\napplications:\n  pools:\n    start_port: {common.free_port()}\n"
            f"    timeout: 30m\n  tenants:\n" + tenants)


class Load:
    """`rate` requests/s to one server over `workers` keep-alive connections, each on its own fixed schedule; one
    broadcast per second. Counts requests, errors (non-200 or a failed connection) and latencies."""

    def __init__(self, port, rate, workers=4):
        self.port, self.rate, self.workers = port, rate, workers
        self.stop = threading.Event()
        self.latencies, self.errors, self.broadcasts, self.broadcast_errors = [], 0, 0, 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._worker, args=(i,), daemon=True) for i in range(workers)]
        self.threads.append(threading.Thread(target=self._broadcaster, daemon=True))

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(10)

    def _request(self, connection, method, path, body=None):
        connection.request(method, path, body=body,
                           headers={"Content-Type": "application/json"} if body else {})
        response = connection.getresponse()
        response.read()
        return response.status

    def _worker(self, index):
        period = self.workers / self.rate
        next_at = time.monotonic() + index * period / self.workers
        step = index
        connection = None
        while not self.stop.is_set():
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            next_at += period
            path = MIX[step % len(MIX)]
            step += self.workers
            start = time.monotonic()
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                status = self._request(connection, "GET", path)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok, connection = False, None
            with self.lock:
                if ok:
                    self.latencies.append((time.monotonic() - start) * 1000)
                else:
                    self.errors += 1

    def _broadcaster(self):
        connection, number = None, 0
        while not self.stop.wait(1):
            body = json.dumps({"stream": f"bench-{number % STREAMS}", "data": {"n": number, "pad": "x" * 200}})
            number += 1
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                ok = self._request(connection, "POST", "/_broadcast", body) == 200
            except (OSError, http.client.HTTPException):
                ok, connection = False, None
            with self.lock:
                self.broadcasts += ok
                self.broadcast_errors += not ok

    def summary(self):
        with self.lock:
            values = sorted(self.latencies)
        pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] if values else None
        return {"requests": len(values) + self.errors, "errors": self.errors, "p50_ms": pick(0.5), "p99_ms": pick(0.99),
                "broadcasts": self.broadcasts, "broadcast_errors": self.broadcast_errors}


def measure(binary, bench, seconds=300, interval=5, rate=100, sockets=1000, go=None, log=sys.stderr):
    """{"params", "sides": {"ours": {...}, "go": {...} with `go`}}: per side the RSS (KB) after start, with the
    tenants up, with the sockets held, every `interval` s under load ("samples": [[seconds, KB]]), final and peak,
    and the load's counts and latencies."""
    with tempfile.TemporaryDirectory(prefix="navigator-bench-production-") as work:
        public, apps = prepare(work)
        servers = {}
        for side, path in [("ours", binary)] + ([("go", go)] if go else []):
            port = common.free_port()
            proc, _ = common.start_navigator(path, work, config(port, public, apps), port=port, go=side == "go",
                                             env={"LOG_LEVEL": "warn"})
            servers[side] = {"proc": proc, "port": port}
        sides = {side: {} for side in servers}
        loads, holders = {}, []
        try:
            time.sleep(1)
            for side, s in servers.items():
                sides[side]["start_kb"] = common.rss_kb(s["proc"].pid)
                for tenant in TENANTS:
                    common.wait_http(f"http://127.0.0.1:{s['port']}/{tenant}/up", limit=60)
                sides[side]["tenants_kb"] = common.rss_kb(s["proc"].pid)
            for side, s in servers.items():
                holders.append(common.spawn([bench, "idle", "--port", str(s["port"]), "--streams", str(STREAMS),
                                             "--subscribers", str(sockets), "--hold", str(seconds + 120)],
                                            stdout=common.subprocess.PIPE, text=True))
                ready = holders[-1].stdout.readline()
                if '"ready":true' not in ready:
                    raise RuntimeError(f"{side}: socket holder failed: {ready.strip()}")
            time.sleep(2)
            for side, s in servers.items():
                sides[side]["sockets_kb"] = common.rss_kb(s["proc"].pid)
                sides[side]["samples"] = []
                loads[side] = Load(s["port"], rate)
                loads[side].start()
            print(f"production: {len(servers)} server(s), {sockets} sockets each, {rate} req/s each, {seconds} s",
                  file=log)
            started = time.monotonic()
            next_sample = started
            while True:
                now = time.monotonic()
                for side, s in servers.items():
                    if s["proc"].poll() is not None:
                        raise RuntimeError(f"{side} exited during the load")
                    sides[side]["samples"].append([round(now - started, 1), common.rss_kb(s["proc"].pid)])
                if now - started >= seconds:
                    break
                next_sample += interval
                time.sleep(max(0, next_sample - time.monotonic()))
                if int(now - started) % 60 < interval and now - started >= 60:
                    print(f"production: {int(now - started)} s", file=log)
            for side in servers:
                loads[side].finish()
                samples = [kb for _, kb in sides[side]["samples"]]
                sides[side].update(loads[side].summary(), final_kb=samples[-1], peak_kb=max(samples),
                                   median_kb=statistics.median(samples))
        finally:
            for load in loads.values():
                load.stop.set()
            for holder in holders:
                common.stop(holder)
            for s in servers.values():
                common.stop(s["proc"])
    return {"params": {"seconds": seconds, "interval": interval, "rate": rate, "sockets": sockets,
                       "streams": STREAMS, "tenants": len(TENANTS), "mix": MIX}, "sides": sides}


LABELS = {"ours": "ours", "go": "Navigator Go"}


def markdown(result):
    """RSS by phase and over time, one column per side, then the load's figures."""
    sides = result["sides"]
    names = list(sides)
    mb = lambda kb: f"{kb / 1024:.1f}"
    lines = ["| RSS (MB) | " + " | ".join(LABELS[n] for n in names) + " |", "|---|" + "---|" * len(names)]
    for key, label in (("start_kb", "1 s after start"), ("tenants_kb", "3 tenants up"),
                       ("sockets_kb", f"+ {result['params']['sockets']} subscribed sockets")):
        lines.append(f"| {label} | " + " | ".join(mb(sides[n][key]) for n in names) + " |")
    samples = sides[names[0]]["samples"]
    picks = sorted({0, len(samples) - 1} | {i for i in range(len(samples)) if i % max(1, len(samples) // 6) == 0})
    for i in picks:
        lines.append(f"| under load, {samples[i][0]:.0f} s | " +
                     " | ".join(mb(sides[n]["samples"][min(i, len(sides[n]["samples"]) - 1)][1]) for n in names) + " |")
    lines.append("| peak under load | " + " | ".join(mb(sides[n]["peak_kb"]) for n in names) + " |")
    lines += ["", "| Load | " + " | ".join(LABELS[n] for n in names) + " |", "|---|" + "---|" * len(names)]
    for key, label, fmt in (("requests", "requests", "{:.0f}"), ("errors", "failed requests", "{:.0f}"),
                            ("p50_ms", "p50 ms", "{:.2f}"), ("p99_ms", "p99 ms", "{:.2f}"),
                            ("broadcasts", "broadcasts", "{:.0f}"), ("broadcast_errors", "failed broadcasts", "{:.0f}")):
        lines.append(f"| {label} | " + " | ".join("–" if sides[n].get(key) is None else fmt.format(sides[n][key])
                                                  for n in names) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--quick", action="store_true", help="20 s, sampled every second")
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    parser.add_argument("--bench", default=os.path.join(common.RELEASE, "navigator-bench"))
    parser.add_argument("--json")
    args = parser.parse_args()
    common.raise_fd_limit()
    common.install_signal_handlers()
    seconds, interval = (QUICK["seconds"], QUICK["interval"]) if args.quick else (args.minutes * 60, 5)
    result = measure(os.path.abspath(args.binary), os.path.abspath(args.bench), seconds, interval, args.rate,
                     args.sockets, go=common.go_binary())
    result["meta"] = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                      "binary": os.path.abspath(args.binary), "quick": args.quick, "cpus": os.cpu_count()}
    print(markdown(result))
    results_dir = os.path.join(common.ROOT, "bench/results")
    os.makedirs(results_dir, exist_ok=True)
    for path in [os.path.join(results_dir, "production-latest.json")] + ([args.json] if args.json else []):
        with open(path, "w") as f:
            json.dump(result, f, indent=1)
    import plot
    svg = (os.path.join(results_dir, "rss-production-quick.svg") if args.quick
           else os.path.join(common.ROOT, "docs/perf/rss-production.svg"))
    plot.rss_production({"raw": {"production": result}}, svg)
    print(f"\nJSON: bench/results/production-latest.json; plot: {os.path.relpath(svg, common.ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
