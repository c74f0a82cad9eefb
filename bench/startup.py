#!/usr/bin/env python3
"""Start-up time to first response, idle RSS and binary size of the navigator binary.

Usage: bench/startup.py [--binary PATH] [--rounds N] [--json OUT]

Each round writes a minimal config (127.0.0.1, a free port, a synthetic health check), starts the binary, polls
GET /up every 2 ms until the first 200, records exec → first 200, waits 1 s, reads VmRSS from /proc, then SIGTERMs it.
As a baseline measured in the same run, the same is done for Python's stdlib http.server, so the ratio survives a noisy
machine. Prints a table of medians with min–max.
"""
import argparse, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_200(url, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=0.5) as r:
                if r.status == 200:
                    return True
        except Exception:
            time.sleep(0.002)
    return False


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(cmd, url, cwd):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not first_200(url, start + 20):
            raise RuntimeError(f"no 200 from {cmd}")
        elapsed = (time.monotonic() - start) * 1000
        time.sleep(1)
        return elapsed, rss_kb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)


def summary(values):
    return statistics.median(values), min(values), max(values)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(root, ".build/release/navigator"))
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `swift build -c release` first")

    work = tempfile.mkdtemp(prefix="navigator-bench-")
    open(os.path.join(work, "up"), "w").write("OK")
    ours_ms, ours_rss, base_ms, base_rss = [], [], [], []
    for _ in range(args.rounds):
        port = free_port()
        config = os.path.join(work, "navigator.yml")
        with open(config, "w") as f:
            f.write(f'server:\n  listen: "127.0.0.1:{port}"\n  health_check:\n    path: /up\n    response:\n      status: 200\n      body: OK\n')
        ms, kb = measure([args.binary, "--pid-file", os.path.join(work, "n.pid"), config], f"http://127.0.0.1:{port}/up", work)
        ours_ms.append(ms); ours_rss.append(kb)
        port = free_port()
        ms, kb = measure([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], f"http://127.0.0.1:{port}/up", work)
        base_ms.append(ms); base_rss.append(kb)

    size_mb = os.path.getsize(args.binary) / 1e6
    rows = [
        ("exec → first 200 (ms)", summary(ours_ms), summary(base_ms)),
        ("idle RSS after 1 s (MB)", summary([k / 1024 for k in ours_rss]), summary([k / 1024 for k in base_rss])),
    ]
    print(f"binary: {args.binary} ({size_mb:.1f} MB), {args.rounds} rounds; baseline: python3 -m http.server")
    print(f"{'measure':<26} {'navigator median (min–max)':<30} {'baseline median (min–max)':<30} ratio")
    for name, (m, lo, hi), (bm, blo, bhi) in rows:
        print(f"{name:<26} {m:>8.1f} ({lo:.1f}–{hi:.1f}){'':<10} {bm:>8.1f} ({blo:.1f}–{bhi:.1f}){'':<10} {m / bm:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"binary_mb": size_mb, "startup_ms": ours_ms, "rss_kb": ours_rss,
                       "baseline_startup_ms": base_ms, "baseline_rss_kb": base_rss}, f, indent=1)


if __name__ == "__main__":
    main()
