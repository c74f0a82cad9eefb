#!/usr/bin/env python3
"""Proxy overhead benchmark: requests/s and p50/p99 latency to an upstream directly and through Navigator.

One run measures two upstreams, both started on demand by the Navigator under test:
  * rails — the real Rails 6.1 app on Puma in examples/rails (GET /rails/up, a Rails controller action);
  * fast  — a trivial, fast upstream: a second navigator answering a synthetic health check (GET /fast/ok).
Each round runs wrk against the upstream's own port ("direct") and through Navigator ("proxied"), interleaved;
the table shows the median over the rounds with min–max, and the proxied/direct ratio of the medians.

Needs: wrk, ruby-rails, puma (Debian). Usage: bench/proxy.py [--rounds 5] [--duration 5] [--connections 16]
[--binary .build/release/navigator]. Build first: swift build -c release --product navigator.
"""
import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wait_http(url, limit=90):
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except Exception:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url} within {limit}s")


def run_wrk(url, duration, connections, threads):
    out = subprocess.run(
        ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration}s", url],
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    def percentile(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return {"rps": rps, "p50": percentile("50"), "p99": percentile("99"), "errors": int(errors.group(1)) if errors else 0}


def describe(values, digits):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    default_binary = os.path.join(ROOT, ".build/release/navigator")
    if not os.path.exists(default_binary):
        default_binary = os.path.join(ROOT, ".build/debug/navigator")
    parser.add_argument("--binary", default=default_binary)
    args = parser.parse_args()
    for tool in ("wrk", "ruby"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install wrk ruby-rails puma")

    work = tempfile.mkdtemp(prefix="navigator-bench-")
    app = os.path.join(work, "rails")
    shutil.copytree(os.path.join(ROOT, "examples/rails"), app)
    os.makedirs(os.path.join(app, "tmp"), exist_ok=True)
    fast_config = os.path.join(work, "fast.yml")
    with open(fast_config, "w") as f:
        f.write('server:\n  listen: "127.0.0.1:${PORT}"\n  health_check:\n    path: /fast/ok\n'
                '    response:\n      status: 200\n      body: "ok"\ncable:\n  enabled: false\n')
    config = os.path.join(work, "navigator.yml")
    with open(config, "w") as f:
        f.write(f"""server:
  listen: "127.0.0.1:0"
cable:
  enabled: false
applications:
  pools:
    start_port: 47000
  tenants:
    - path: /rails/
      root: {app}
      runtime: ruby
      server: bin/rails
      args: ["server", "-b", "127.0.0.1", "-p", "{{{{port}}}}"]
      health_check: /up
      startup_timeout: 90s
      env:
        RAILS_ENV: production
        RAILS_RELATIVE_URL_ROOT: /rails
        RAILS_MAX_THREADS: "5"
        PIDFILE: {app}/tmp/server.pid
    - path: /fast/
      root: {work}
      runtime: {args.binary}
      server: --pid-file
      args: ["{work}/fast.pid", "{fast_config}"]
      health_check: /fast/ok
""")
    log_path = os.path.join(work, "navigator.log")
    log = open(log_path, "w")
    server = subprocess.Popen([args.binary, "--pid-file", os.path.join(work, "navigator.pid"), config],
                              stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        port = None
        for _ in range(200):
            match = re.search(r"Server listening.*address=\S*:(\d+)", open(log_path).read())
            if match:
                port = int(match.group(1))
                break
            time.sleep(0.05)
        if port is None:
            raise SystemExit("navigator did not start:\n" + open(log_path).read())
        targets = {"rails": "/rails/up", "fast": "/fast/ok"}
        direct = {}
        for name, path in targets.items():
            wait_http(f"http://127.0.0.1:{port}{path}")
            match = re.search(rf'msg="Started tenant app".*port=(\d+).*tenant=/{name}\b', open(log_path).read())
            direct[name] = f"http://127.0.0.1:{match.group(1)}{path}"
        results = {(name, mode): [] for name in targets for mode in ("direct", "proxied")}
        for name, path in targets.items():
            run_wrk(direct[name], 2, args.connections, args.threads)
            run_wrk(f"http://127.0.0.1:{port}{path}", 2, args.connections, args.threads)
        for round_number in range(args.rounds):
            for name, path in targets.items():
                results[(name, "direct")].append(run_wrk(direct[name], args.duration, args.connections, args.threads))
                results[(name, "proxied")].append(
                    run_wrk(f"http://127.0.0.1:{port}{path}", args.duration, args.connections, args.threads))
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
        binary_kind = "release" if "/release/" in args.binary else "debug"
        print(f"\nnavigator: {args.binary} ({binary_kind}); wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
              f"{args.rounds} rounds; {os.cpu_count()} CPUs\n")
        print(f"| upstream | path | requests/s | p50 ms | p99 ms | non-2xx |")
        print(f"|---|---|---|---|---|---|")
        for (name, mode), runs in results.items():
            print(f"| {name} | {mode} | {describe([r['rps'] for r in runs], 0)} | {describe([r['p50'] for r in runs], 2)} | "
                  f"{describe([r['p99'] for r in runs], 2)} | {sum(r['errors'] for r in runs)} |")
        print()
        for name in targets:
            d, p = results[(name, "direct")], results[(name, "proxied")]
            ratios = [pr["rps"] / dr["rps"] for dr, pr in zip(d, p)]
            p50 = [pr["p50"] / dr["p50"] for dr, pr in zip(d, p)]
            print(f"{name}: proxied/direct requests/s = {describe(ratios, 2)}; p50 latency ratio = {describe(p50, 2)}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
