#!/usr/bin/env python3
"""Reload latency under load: SIGHUP → the first response that comes from the new config.

Usage: bench/reloadlatency.py [--rounds 5] [--binary .build/release/navigator]

Starts navigator on 127.0.0.1 with a synthetic health check whose body names the config version, keeps it under load
(wrk -t1 -c16 against the same path), and per round: rewrites the config with the next version, sends SIGHUP and
polls the path every millisecond until the new body appears. Prints the median with min–max.
"""
import argparse, os, signal, subprocess, sys, tempfile, time

import common


def measure(binary, rounds, log=sys.stderr):
    """{"ms": [per round]}: SIGHUP → first response with the new body."""
    common.require("wrk")
    with tempfile.TemporaryDirectory(prefix="navigator-bench-reload-") as work:
        port = common.free_port()
        server, _ = common.start_navigator(binary, work, common.health_config(port, body="v0"), port=port)
        url = f"http://127.0.0.1:{port}/up"
        load = common.spawn(["wrk", "-t1", "-c16", f"-d{10 * rounds + 30}s", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            times = []
            for version in range(1, rounds + 1):
                time.sleep(1)
                with open(os.path.join(work, "navigator.yml"), "w") as f:
                    f.write(common.health_config(port, body=f"v{version}"))
                start = time.monotonic()
                server.send_signal(signal.SIGHUP)
                common.wait_http(url, limit=30, poll=0.001, body=f"v{version}".encode())
                times.append((time.monotonic() - start) * 1000)
            print(f"reload: {rounds} rounds done", file=log)
            return {"ms": times}
        finally:
            common.stop(load)
            common.stop(server)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    args = parser.parse_args()
    common.install_signal_handlers()
    result = measure(os.path.abspath(args.binary), args.rounds)
    print(f"SIGHUP → new config serving, under wrk load: {common.describe(result['ms'], 1)} ms")


if __name__ == "__main__":
    main()
