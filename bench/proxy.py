#!/usr/bin/env python3
"""Proxy overhead benchmark: requests/s and p50/p99 latency to an upstream directly and through Navigator.

One run measures two upstreams, both started on demand by the Navigator under test:
  * rails — the real Rails 6.1 app on Puma in examples/rails (GET /rails/up, a Rails controller action);
  * fast  — a trivial, fast upstream: a second navigator answering a synthetic health check (GET /fast/ok).
Each round runs wrk against the upstream's own port ("direct") and through Navigator ("proxied"), interleaved;
the table shows the median over the rounds with min–max, and the proxied/direct ratio of the medians.

Needs: wrk, ruby-rails, puma (Debian). Usage: bench/proxy.py [--rounds 5] [--duration 5] [--rails-connections 8]
[--fast-connections 32] [--binary .build/release/navigator]. Build first: swift build -c release.
"""
import argparse
import os
import re
import shutil
import sys
import tempfile

import common
import railsapp


def config_yaml(work, binary, app):
    fast_config = os.path.join(work, "fast.yml")
    with open(fast_config, "w") as f:
        f.write(common.health_config("${PORT}", path="/fast/ok", body="ok", extra="cable:\n  enabled: false\n"))
    fast = (f"    - path: /fast/\n      root: {work}\n      runtime: {binary}\n      server: --pid-file\n"
            f'      args: ["{work}/fast.pid", "{fast_config}"]\n      health_check: /fast/ok\n')
    return ('server:\n  listen: "127.0.0.1:0"\ncable:\n  enabled: false\napplications:\n  pools:\n'
            f"    start_port: {common.free_port()}\n  tenants:\n" + (railsapp.tenant_yaml(app, "/rails/") if app else "") + fast)


def measure(binary, rounds, duration, connections, with_rails=True, log=sys.stderr):
    """connections: {"rails": n, "fast": n}. Returns {name: {"direct": [wrk...], "proxied": [wrk...]}}."""
    common.require("wrk", "ruby")
    targets = {"rails": "/rails/up", "fast": "/fast/ok"} if with_rails else {"fast": "/fast/ok"}
    with tempfile.TemporaryDirectory(prefix="navigator-bench-proxy-") as work:
        app = railsapp.prepare(work) if with_rails else None
        server, port = common.start_navigator(binary, work, config_yaml(work, binary, app))
        try:
            log_path = os.path.join(work, "navigator.log")
            urls = {}
            for name, path in targets.items():
                common.wait_http(f"http://127.0.0.1:{port}{path}", limit=90)
                match = re.search(rf'msg="Started tenant app".*port=(\d+).*tenant=/{name}\b', open(log_path).read())
                urls[name] = {"direct": f"http://127.0.0.1:{match.group(1)}{path}", "proxied": f"http://127.0.0.1:{port}{path}"}
            results = {name: {"direct": [], "proxied": []} for name in targets}
            for name in targets:  # warm-up
                for mode in ("direct", "proxied"):
                    common.run_wrk(urls[name][mode], 1, connections[name])
            for round_number in range(rounds):
                for name in targets:
                    for mode in ("direct", "proxied"):
                        results[name][mode].append(common.run_wrk(urls[name][mode], duration, connections[name]))
                print(f"proxy: round {round_number + 1}/{rounds} done", file=log)
            return results
        finally:
            common.stop(server)


def ratios(result):
    """Per-round proxied÷direct req/s and added p50 (ms)."""
    pairs = list(zip(result["direct"], result["proxied"]))
    return [p["rps"] / d["rps"] for d, p in pairs], [p["p50"] - d["p50"] for d, p in pairs]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rails-connections", type=int, default=8)
    parser.add_argument("--fast-connections", type=int, default=32)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    args = parser.parse_args()
    common.install_signal_handlers()
    connections = {"rails": args.rails_connections, "fast": args.fast_connections}
    results = measure(os.path.abspath(args.binary), args.rounds, args.duration, connections)
    print(f"\nnavigator: {args.binary}; wrk -t2 -d{args.duration}s; {args.rounds} rounds; {os.cpu_count()} CPUs\n")
    common.print_wrk_table("upstream", "path", {f"{n} ({connections[n]} conns)": r for n, r in results.items()})
    print()
    for name, result in results.items():
        rps, added = ratios(result)
        print(f"{name}: proxied/direct requests/s = {common.describe(rps)}; added p50 ms = {common.describe(added, 3)}")


if __name__ == "__main__":
    main()
