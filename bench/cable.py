#!/usr/bin/env python3
"""Cable hub load: broadcast delivery latency and memory per idle WebSocket connection.

Usage: bench/cable.py [--rounds 3] [--messages 10] [--interval-ms 500] [--quick] [--json OUT]

Starts the release server on 127.0.0.1 (a free port, fd limit raised), then for each scenario runs
`navigator-bench latency` once per round: 1k, 5k and 10k subscribers on one stream, and 100 streams × 100
subscribers, at 2 broadcasts/s per stream (--interval-ms 500); then back-to-back broadcasts (no pause) to 10k
subscribers. Then reads the server's VmRSS idle and while `navigator-bench idle` holds 10k subscribed connections
(KB per connection = (with − idle) / 10k), on a fresh server each round, and the RSS curve at 0/1k/2k/5k/10k held
connections. Prints medians with min–max over the rounds. Loopback only; every step has a timeout.
With NAV_GO=/path/to/navigator, Navigator Go runs every scenario and memory round too, interleaved with ours.
"""
import argparse, json, os, subprocess, sys, tempfile, time

import common

# (name, streams, subscribers per stream, pause between broadcasts in ms)
SCENARIOS = [("1k x 1", 1, 1000, 500), ("5k x 1", 1, 5000, 500), ("10k x 1", 1, 10000, 500),
             ("100 x 100", 100, 100, 500), ("back-to-back 10k", 1, 10000, 0)]
QUICK_SCENARIOS = [("100 x 1", 1, 100, 500), ("10 x 10", 10, 10, 500), ("back-to-back 100", 1, 100, 0)]
CURVE = [1000, 2000, 5000, 10000]


def start_server(binary, workdir, go=False):
    """A fresh server with only the health check (cable is on by default); (process, port). `go`: `binary` is
    Navigator Go."""
    port = common.free_port()
    return common.start_navigator(binary, workdir, common.health_config(port), env={"LOG_LEVEL": "error"},
                                   port=port, go=go)


def run_bench(bench, args, timeout=180):
    """One `navigator-bench` run; its last line is a JSON object."""
    try:
        out = subprocess.run([bench] + args, capture_output=True, text=True, timeout=timeout).stdout.strip().splitlines()
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout}s"}
    return json.loads(out[-1]) if out else {"error": "no output"}


def latency(binary, bench, scenarios, rounds, messages, go=None, log=sys.stderr):
    """{scenario name: [navigator-bench latency result per round]} on one server; with `go` (Navigator Go's path)
    also "go": {scenario name: [...]}, each round run on Go right after ours."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="navigator-bench-cable-") as workdir:
        server, port = start_server(binary, workdir)
        go_server, go_port = start_server(go, workdir, go=True) if go else (None, None)
        if go:
            results["go"] = {}
        try:
            for name, streams, subscribers, interval in scenarios:
                results[name] = []
                if go:
                    results["go"][name] = []
                for _ in range(rounds):
                    for side, p in (("ours", port), ("go", go_port)):
                        if p is None:
                            continue
                        result = run_bench(bench, [
                            "latency", "--port", str(p), "--streams", str(streams), "--subscribers", str(subscribers),
                            "--messages", str(messages), "--interval-ms", str(interval)])
                        (results[name] if side == "ours" else results["go"][name]).append(result)
                        time.sleep(1)
                print(f"cable: {name} done", file=log)
        finally:
            if go_server:
                common.stop(go_server)
            common.stop(server)
    return results


def scenarios_of(results):
    """The scenario entries of a `latency` result (without Navigator Go's "go" part)."""
    return {name: runs for name, runs in results.items() if name != "go"}


def hold(bench, port, count, seconds):
    """Starts a `navigator-bench idle` holding `count` subscribed connections; returns it once all are acked."""
    holder = common.spawn([bench, "idle", "--port", str(port), "--subscribers", str(count), "--hold", str(seconds)],
                          stdout=subprocess.PIPE, text=True)
    ready = holder.stdout.readline()
    if '"ready":true' not in ready:
        common.stop(holder)
        raise RuntimeError(f"idle holder failed: {ready.strip()}")
    return holder


def memory(binary, bench, steps, settle=3, go=False):
    """On a fresh server: VmRSS (KB) idle, then with each cumulative number of held connections in `steps`."""
    with tempfile.TemporaryDirectory(prefix="navigator-bench-mem-") as workdir:
        server, port = start_server(binary, workdir, go=go)
        holders = []
        try:
            time.sleep(2)
            points = [{"connections": 0, "rss_kb": common.rss_kb(server.pid)}]
            held = 0
            for step in steps:
                holders.append(hold(bench, port, step - held, 600))
                held = step
                time.sleep(settle)
                points.append({"connections": held, "rss_kb": common.rss_kb(server.pid)})
            return points
        finally:
            for holder in holders:
                common.stop(holder)
            common.stop(server)


def memory_rounds(binary, bench, connections, rounds, curve=None, go=None):
    """Per round: idle and loaded RSS, KB per connection. The first round also records the RSS curve over `curve`.
    With `go` (Navigator Go's path) each round also measures Go the same way, right after ours ("go")."""
    out = []
    for index in range(rounds):
        steps = sorted(set((curve if index == 0 and curve else []) + [connections]))
        entry = None
        for path, is_go in [(binary, False)] + ([(go, True)] if go else []):
            points = memory(path, bench, steps, go=is_go)
            idle_kb, loaded_kb = points[0]["rss_kb"], points[-1]["rss_kb"]
            figures = {"idle_kb": idle_kb, "loaded_kb": loaded_kb, "connections": connections,
                       "kb_per_connection": (loaded_kb - idle_kb) / connections, "curve": points}
            if is_go:
                entry["go"] = figures
            else:
                entry = figures
        out.append(entry)
    return out


def print_latency(results):
    print(f"{'scenario':<18} {'delivered/expected':>20} {'lost':>10} {'p50 ms':>22} {'p95 ms':>22} {'p99 ms':>22} {'max ms':>22}")
    for name, runs in results.items():
        ok = [r for r in runs if "error" not in r]
        failed = len(runs) - len(ok)
        expected = ok[0]["expected"] if ok else 0
        print(f"{name:<18} {common.describe([r['delivered'] for r in ok], 0) + ' / ' + str(expected):>20} "
              f"{common.describe([r['lost'] for r in ok], 0):>10} {common.describe([r['p50_ms'] for r in ok]):>22} "
              f"{common.describe([r['p95_ms'] for r in ok]):>22} {common.describe([r['p99_ms'] for r in ok]):>22} "
              f"{common.describe([r['max_ms'] for r in ok]):>22}" + (f"  ({failed} failed rounds)" if failed else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    parser.add_argument("--bench", default=os.path.join(common.RELEASE, "navigator-bench"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--idle-connections", type=int, default=10000)
    parser.add_argument("--quick", action="store_true", help="small scenarios, for a smoke run")
    parser.add_argument("--idle-only", action="store_true", help="only the memory measurement")
    parser.add_argument("--json")
    args = parser.parse_args()
    common.raise_fd_limit()
    common.install_signal_handlers()
    binary, bench = os.path.abspath(args.binary), os.path.abspath(args.bench)
    scenarios = [] if args.idle_only else QUICK_SCENARIOS if args.quick else SCENARIOS
    idle_n = 200 if args.quick else args.idle_connections
    go = common.go_binary()
    results = latency(binary, bench, scenarios, args.rounds, args.messages, go=go)
    print_latency(scenarios_of(results))
    if go:
        print("Navigator Go:")
        print_latency(results["go"])
    idle = memory_rounds(binary, bench, idle_n, args.rounds, go=go)
    for label, rounds in [("server", idle)] + ([("Navigator Go", [i["go"] for i in idle])] if go else []):
        print(f"{label} RSS idle: {common.describe([i['idle_kb'] / 1024 for i in rounds], 1)} MB; "
              f"with {idle_n} idle connections: {common.describe([i['loaded_kb'] / 1024 for i in rounds], 1)} MB; "
              f"per connection: {common.describe([i['kb_per_connection'] for i in rounds])} KB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"latency": results, "idle": idle}, f, indent=2)


if __name__ == "__main__":
    main()
