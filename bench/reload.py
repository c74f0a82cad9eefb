#!/usr/bin/env python3
"""Reload semantics, timed: SIGHUP → the new generation, an invalid file → its error line, a changed tenant → its
new process; with a light load running, and against a baseline of `navigator --check` on the same file.

Usage: bench/reload.py [--rounds 10] [--binary .build/release/navigator]

Per round, on one server (127.0.0.1, a redirect /version → /v<round> that only the new file serves, the demo tenant):
  * valid    — rewrite the file (routes only), SIGHUP, poll /version every millisecond until it redirects to the new
               target (so the time includes the swap, not only the load);
  * invalid  — write a file with an error on a known line, SIGHUP, wait for `Failed to reload configuration` naming
               that line in the log; /version must still answer the old target;
  * tenant   — change the tenant's environment, SIGHUP, poll /demo/info until a different pid answers (a replacement
               of examples/demo/app.py starts beside the old one and takes over once ready);
  * baseline — `navigator --check` of the same valid file: exec + load + validate in a fresh process.
A client thread keeps ~100 requests/s going (the server's own /up and the tenant) the whole time; any non-2xx/3xx
answer is counted as a failure (the goal is zero), and the slowest tenant request is reported. bench/reloadlatency.py measures the plain SIGHUP → new body under wrk load for bench/run.
"""
import argparse, http.client, itertools, os, re, signal, subprocess, sys, tempfile, threading, time

import common

DEMO = os.path.join(common.ROOT, "examples/demo")


def config(port, version, generation, start_port):
    """The valid file: /up answered by the server itself, /version → /v<version>, the demo tenant."""
    return f"""server:
  listen: "127.0.0.1:{port}"
  health_check:
    path: /up
    response:
      status: 200
      body: OK
routes:
  redirects:
    - from: "^/version$"
      to: /v{version}
applications:
  pools:
    start_port: {start_port}
  tenants:
    - path: /demo/
      env: {{GENERATION: "{generation}"}}
      startup_timeout: 60s
      health_check: /demo/up
      root: {DEMO}
      runtime: python3
      server: app.py
      args: []
"""


def invalid_config(line):
    return "# padding\n" * (line - 5) + "server:\n  listen: 3000\napplications:\n  pools:\n    timeout: soon\n"


def request(port, path):
    """(status, headers, body) without following redirects; (0, {}, b"") when the connection fails."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        response = conn.getresponse()
        result = response.status, dict(response.getheaders()), response.read()
        conn.close()
        return result
    except OSError:
        return 0, {}, b""


def poll(condition, limit=60):
    """Returns once `condition()` holds (checked every millisecond), or exits."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if condition():
            return
        time.sleep(0.001)
    raise SystemExit(f"condition not met within {limit}s")


class LightLoad(threading.Thread):
    """~100 requests/s alternating the server's own /up and the tenant's /demo/info; counts answers and failures
    and keeps the slowest tenant request (a replacement must not make requests wait for a start)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.ok, self.failed, self.slowest_tenant_ms, self.running = port, 0, 0, 0.0, True

    def run(self):
        for n in itertools.count():
            if not self.running:
                return
            path = "/demo/info" if n % 2 else "/up"
            started = time.monotonic()
            status, _, _ = request(self.port, path)
            if path != "/up":
                self.slowest_tenant_ms = max(self.slowest_tenant_ms, 1000 * (time.monotonic() - started))
            if 200 <= status < 400:
                self.ok += 1
            else:
                self.failed += 1
            time.sleep(0.01)


def measure(binary, rounds, log=sys.stderr):
    """{"valid_ms", "invalid_ms", "tenant_ms", "check_ms": [per round], "ok", "failed", "slowest_tenant_ms"}."""
    with tempfile.TemporaryDirectory(prefix="navigator-bench-reload-") as work:
        port, start_port = common.free_port(), 42000
        path = os.path.join(work, "navigator.yml")

        def write(version, generation=None):
            with open(path, "w") as f:
                f.write(config(port, version, generation, start_port) if generation is not None else invalid_config(version))

        server, _ = common.start_navigator(binary, work, config(port, 0, 0, start_port), port=port)
        common.wait_http(f"http://127.0.0.1:{port}/demo/up", limit=60)
        load = LightLoad(port)
        load.start()
        log_path = os.path.join(work, "navigator.log")
        result = {"valid_ms": [], "invalid_ms": [], "tenant_ms": [], "check_ms": []}
        try:
            for round_ in range(1, rounds + 1):
                time.sleep(0.3)
                write(round_, round_ - 1)
                started = time.monotonic()
                server.send_signal(signal.SIGHUP)
                poll(lambda: request(port, "/version")[1].get("Location") == f"/v{round_}")
                result["valid_ms"].append(1000 * (time.monotonic() - started))

                check_started = time.monotonic()
                subprocess.run([binary, "--check", path], capture_output=True, check=True)
                result["check_ms"].append(1000 * (time.monotonic() - check_started))

                line = 10 + round_
                failures = open(log_path).read().count("Failed to reload configuration")
                write(line)
                started = time.monotonic()
                server.send_signal(signal.SIGHUP)
                poll(lambda: open(log_path).read().count("Failed to reload configuration") > failures)
                result["invalid_ms"].append(1000 * (time.monotonic() - started))
                if f"navigator.yml:{line}:" not in open(log_path).read():
                    raise SystemExit(f"invalid reload at line {line} not logged with its line")
                if request(port, "/version")[1].get("Location") != f"/v{round_}":
                    raise SystemExit("an invalid reload changed what is served")

                before = pid_of(port)
                write(round_, round_)
                started = time.monotonic()
                server.send_signal(signal.SIGHUP)
                poll(lambda: pid_of(port) not in (None, before))
                result["tenant_ms"].append(1000 * (time.monotonic() - started))
            print(f"reload: {rounds} rounds done", file=log)
        finally:
            load.running = False
            load.join(5)
            common.stop(server)
        result["ok"], result["failed"], result["slowest_tenant_ms"] = load.ok, load.failed, load.slowest_tenant_ms
        return result


def pid_of(port):
    status, _, body = request(port, "/demo/info")
    match = status == 200 and re.search(rb'"pid": (\d+)', body)
    return int(match.group(1)) if match else None


def main():
    common.install_signal_handlers()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    r = measure(os.path.abspath(args.binary), args.rounds)
    rows = [
        ("valid reload: SIGHUP → new route served", common.describe(r["valid_ms"], 1) + " ms"),
        ("baseline: `navigator --check` of the same file", common.describe(r["check_ms"], 1) + " ms"),
        ("ratio reload ÷ check", common.describe([v / c for v, c in zip(r["valid_ms"], r["check_ms"])], 2)),
        ("invalid file: SIGHUP → error line logged", common.describe(r["invalid_ms"], 1) + " ms"),
        ("changed tenant: SIGHUP → new app process answers", common.describe(r["tenant_ms"], 0) + " ms"),
    ]
    print(f"| step ({args.rounds} rounds, light load) | median (min–max) |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")
    print(f"\nlight load: {r['ok']} answered, {r['failed']} failed; slowest tenant request {r['slowest_tenant_ms']:.0f} ms")

if __name__ == "__main__":
    main()
