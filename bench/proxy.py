#!/usr/bin/env python3
"""Proxy overhead benchmark: requests/s and p50/p99 latency to an upstream directly and through Navigator.

One run measures two upstreams, both started on demand by the Navigator under test:
  * rails — the real Rails 6.1 app on Puma in examples/rails (GET /rails/up, a Rails controller action);
  * fast  — a trivial, fast upstream: a second navigator answering a synthetic health check (GET /fast/ok).
Each round runs wrk against the upstream's own port ("direct") and through Navigator ("proxied"), interleaved;
the table shows the median over the rounds with min–max, and the proxied/direct ratio of the medians.

Needs: wrk, ruby-rails, puma (Debian). Usage: bench/proxy.py [--rounds 5] [--duration 5] [--rails-connections 8]
[--fast-connections 32] [--binary .build/release/navigator]. Build first: swift build -c release.
With NAV_GO=/path/to/navigator, Navigator Go proxies to the same two upstreams (a `reverse_proxies` route per
upstream, to the port ours started it on) and is measured in the same rounds ("go").
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


def go_config_yaml(port, urls):
    """Navigator Go in front of the upstreams ours started: one `reverse_proxies` prefix route each."""
    routes = "".join(f"    - name: {name}\n      prefix: /{name}/\n      target: {re.match(r'http://[^/]+', u['direct']).group(0)}\n"
                     for name, u in urls.items())
    return f"server:\n  listen: {port}\ncable:\n  enabled: false\nroutes:\n  reverse_proxies:\n" + routes


def measure(binary, rounds, duration, connections, with_rails=True, go=None, log=sys.stderr):
    """connections: {"rails": n, "fast": n}. Returns {name: {"direct": [wrk...], "proxied": [wrk...], and with `go`
    (Navigator Go's path) "go": [wrk...]}}."""
    common.require("wrk", "ruby")
    targets = {"rails": "/rails/up", "fast": "/fast/ok"} if with_rails else {"fast": "/fast/ok"}
    with tempfile.TemporaryDirectory(prefix="navigator-bench-proxy-") as work:
        app = railsapp.prepare(work) if with_rails else None
        server, port = common.start_navigator(binary, work, config_yaml(work, binary, app))
        go_server = None
        try:
            log_path = os.path.join(work, "navigator.log")
            urls = {}
            for name, path in targets.items():
                common.wait_http(f"http://127.0.0.1:{port}{path}", limit=90)
                match = re.search(rf'msg="Starting web app" tenant=/{name}/? port=(\d+)', open(log_path).read())
                urls[name] = {"direct": f"http://127.0.0.1:{match.group(1)}{path}", "proxied": f"http://127.0.0.1:{port}{path}"}
            modes = ("direct", "proxied")
            if go:
                go_port = common.free_port()
                go_server, _ = common.start_navigator(go, work, go_config_yaml(go_port, urls), port=go_port, go=True,
                                                      env={"LOG_LEVEL": "warn"})
                for name, path in targets.items():
                    urls[name]["go"] = f"http://127.0.0.1:{go_port}{path}"
                    common.wait_http(urls[name]["go"], limit=30)
                modes += ("go",)
            results = {name: {mode: [] for mode in modes} for name in targets}
            for name in targets:  # warm-up
                for mode in modes:
                    common.run_wrk(urls[name][mode], 1, connections[name])
            for round_number in range(rounds):
                for name in targets:
                    for mode in modes:
                        results[name][mode].append(common.run_wrk(urls[name][mode], duration, connections[name]))
                print(f"proxy: round {round_number + 1}/{rounds} done", file=log)
            return results
        finally:
            if go_server:
                common.stop(go_server)
            common.stop(server)


def ratios(result, side="proxied"):
    """Per-round proxied÷direct req/s and added p50 (ms); side "go" for Navigator Go's."""
    pairs = list(zip(result["direct"], result[side]))
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
    results = measure(os.path.abspath(args.binary), args.rounds, args.duration, connections, go=common.go_binary())
    print(f"\nnavigator: {args.binary}; wrk -t2 -d{args.duration}s; {args.rounds} rounds; {os.cpu_count()} CPUs\n")
    common.print_wrk_table("upstream", "path", {f"{n} ({connections[n]} conns)": r for n, r in results.items()})
    print()
    for name, result in results.items():
        rps, added = ratios(result)
        print(f"{name}: proxied/direct requests/s = {common.describe(rps)}; added p50 ms = {common.describe(added, 3)}")
        if "go" in result:
            rps, added = ratios(result, "go")
            print(f"{name}, Navigator Go: proxied/direct requests/s = {common.describe(rps)}; "
                  f"added p50 ms = {common.describe(added, 3)}")


if __name__ == "__main__":
    main()
