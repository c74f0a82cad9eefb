#!/usr/bin/env python3
"""The request-path cost of metrics (issue 18): the same binary twice in one run, with `metrics.listen` set and
without, serving a 1 KB static file and a 404 (the cheapest paths, where a per-request cost shows most). Rounds are
interleaved; the table shows requests/s and p50 for each side (median, min–max) and the per-round on ÷ off ratio.
A scrape of /metrics runs once a second during the "on" rounds, as a Prometheus server would.

Usage: bench/metrics.py [--binary .build/release/navigator] [--rounds 5] [--duration 3] [--connections 32]
"""
import argparse, os, re, sys, tempfile, threading, time, urllib.request

import common


def config(port, public, metrics):
    text = f'server:\n  listen: "127.0.0.1:{port}"\n  static:\n    public_dir: {public}\ncable:\n  enabled: false\n'
    return text + ('metrics:\n  listen: "127.0.0.1:0"\n' if metrics else "")


def metrics_port(log_path):
    match = re.search(r'Metrics listening" address=127\.0\.0\.1:(\d+)', open(log_path).read())
    return match and int(match.group(1))


def measure(binary, rounds, duration, connections, log=sys.stderr):
    """{"1 KB file": {"off": [wrk...], "on": [wrk...]}, "404": {...}}."""
    common.require("wrk")
    with tempfile.TemporaryDirectory(prefix="navigator-bench-metrics-") as work:
        public = os.path.join(work, "public")
        os.makedirs(public)
        with open(os.path.join(public, "1k.txt"), "wb") as f:
            f.write(b"x" * 1024)
        servers = {}
        for side in ("off", "on"):
            port = common.free_port()
            proc, _ = common.start_navigator(binary, work, config(port, public, side == "on"), port=port, name=f"nav-{side}")
            servers[side] = (proc, port)
        scrape_port = None
        for _ in range(100):
            scrape_port = metrics_port(os.path.join(work, "nav-on.log"))
            if scrape_port:
                break
            time.sleep(0.05)
        if not scrape_port:
            raise SystemExit("the metrics listener did not start")
        stop = threading.Event()

        def scrape():
            while not stop.wait(1):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{scrape_port}/metrics", timeout=2).read()
                except OSError:
                    pass

        scraper = threading.Thread(target=scrape, daemon=True)
        scraper.start()
        paths = {"1 KB file": "/1k.txt", "404": "/missing"}
        results = {label: {side: [] for side in servers} for label in paths}
        try:
            for label, path in paths.items():
                for side, (_, port) in servers.items():
                    common.run_wrk(f"http://127.0.0.1:{port}{path}", 1, connections)  # warm-up
            for round_number in range(rounds):
                for label, path in paths.items():
                    for side, (_, port) in servers.items():
                        results[label][side].append(common.run_wrk(f"http://127.0.0.1:{port}{path}", duration, connections))
                print(f"metrics: round {round_number + 1}/{rounds} done", file=log)
            return results
        finally:
            stop.set()
            for proc, _ in servers.values():
                common.stop(proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    common.install_signal_handlers()
    results = measure(os.path.abspath(args.binary) if args.binary else common.binary(), args.rounds, args.duration, args.connections)
    common.print_wrk_table("Path", "metrics", results)
    print()
    print("| Path | requests/s on ÷ off | p50 on ÷ off |")
    print("|---|---|---|")
    for label, sides in results.items():
        rps = [on["rps"] / off["rps"] for on, off in zip(sides["on"], sides["off"])]
        p50 = [on["p50"] / off["p50"] for on, off in zip(sides["on"], sides["off"]) if off["p50"]]
        print(f"| {label} | {common.describe(rps)} | {common.describe(p50)} |")


if __name__ == "__main__":
    main()
