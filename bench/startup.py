#!/usr/bin/env python3
"""Start-up time to first response, idle RSS and binary size of the navigator binary.

Usage: bench/startup.py [--binary PATH] [--rounds N] [--json OUT]   (NAV_GO=/path/to/navigator adds Navigator Go)

Each round writes a minimal config (127.0.0.1, a free port, a synthetic health check), starts the binary, polls
GET /up every 2 ms until the first 200, records exec → first 200, waits 1 s, reads VmRSS from /proc, then SIGTERMs it.
As a baseline measured in the same run, the same is done for Python's stdlib http.server, so the ratio survives a noisy
machine. With `NAV_GO` set, Navigator Go is measured the same way in the same rounds. Binary sizes are reported as
built and stripped (a stripped copy, `strip`). Prints a table of medians with min–max.
"""
import argparse, json, os, sys, tempfile, time

import common


def measure_one(cmd, url, cwd):
    """(ms from exec to the first 200, VmRSS in KB one second later)."""
    start = time.monotonic()
    proc = common.spawn(cmd, cwd=cwd, stdout=common.subprocess.DEVNULL, stderr=common.subprocess.DEVNULL)
    try:
        common.wait_http(url, limit=20, poll=0.002)
        elapsed = (time.monotonic() - start) * 1000
        time.sleep(1)
        return elapsed, common.rss_kb(proc.pid)
    finally:
        common.stop(proc)


def measure(binary, rounds, go=None):
    """Interleaved rounds of navigator, Navigator Go (when `go` is its path) and the python baseline; raw values per
    round, binary sizes as built and stripped."""
    result = {"binary_mb": os.path.getsize(binary) / 1e6, "stripped_mb": common.stripped_mb(binary),
              "startup_ms": [], "rss_kb": [], "baseline_startup_ms": [], "baseline_rss_kb": []}
    if go:
        result.update({"go_binary_mb": os.path.getsize(go) / 1e6, "go_stripped_mb": common.stripped_mb(go),
                       "go_startup_ms": [], "go_rss_kb": []})
    with tempfile.TemporaryDirectory(prefix="navigator-bench-") as work:
        open(os.path.join(work, "up"), "w").write("OK")
        config = os.path.join(work, "navigator.yml")
        for _ in range(rounds):
            port = common.free_port()
            with open(config, "w") as f:
                f.write(common.health_config(port))
            ms, kb = measure_one([binary, "--pid-file", os.path.join(work, "n.pid"), config],
                                 f"http://127.0.0.1:{port}/up", work)
            result["startup_ms"].append(ms)
            result["rss_kb"].append(kb)
            if go:
                port = common.free_port()
                with open(config, "w") as f:
                    f.write(common.go_config(common.health_config(port)))
                ms, kb = measure_one(common.navigator_command(go, work, config, go=True), f"http://127.0.0.1:{port}/up",
                                     work)
                result["go_startup_ms"].append(ms)
                result["go_rss_kb"].append(kb)
            port = common.free_port()
            ms, kb = measure_one([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                                 f"http://127.0.0.1:{port}/up", work)
            result["baseline_startup_ms"].append(ms)
            result["baseline_rss_kb"].append(kb)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `swift build -c release` first")
    common.install_signal_handlers()
    go = common.go_binary()
    r = measure(args.binary, args.rounds, go)
    rows = [
        ("exec → first 200 (ms)", r["startup_ms"], r.get("go_startup_ms", []), r["baseline_startup_ms"]),
        ("idle RSS after 1 s (MB)", [k / 1024 for k in r["rss_kb"]], [k / 1024 for k in r.get("go_rss_kb", [])],
         [k / 1024 for k in r["baseline_rss_kb"]]),
    ]
    stripped = lambda mb: f"{mb:.1f} MB stripped" if mb else "strip missing"
    print(f"binary: {args.binary} ({r['binary_mb']:.1f} MB, {stripped(r['stripped_mb'])}), {args.rounds} rounds; "
          f"baseline: python3 -m http.server")
    if go:
        print(f"Navigator Go: {go} ({r['go_binary_mb']:.1f} MB, {stripped(r['go_stripped_mb'])})")
    print(f"{'measure':<26} {'navigator median (min–max)':<30} {'Navigator Go':<30} {'baseline median (min–max)':<30} ratio")
    for name, ours, go_values, base in rows:
        ratio = common.summary(ours)["median"] / common.summary(base)["median"]
        print(f"{name:<26} {common.describe(ours, 1):<30} {common.describe(go_values, 1):<30} "
              f"{common.describe(base, 1):<30} {ratio:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(r, f, indent=1)


if __name__ == "__main__":
    main()
