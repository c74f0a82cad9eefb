#!/usr/bin/env python3
"""Cable hub load: broadcast delivery latency and memory per idle WebSocket connection.

Usage: bench/cable.py [--binary .build/release/navigator] [--bench .build/release/navigator-bench] [--rounds 3]
                      [--quick] [--json OUT]

Starts the release server on 127.0.0.1 (a free port, fd limit raised), then for each scenario runs
`navigator-bench latency` once per round: 1k, 5k and 10k subscribers on one stream, and 100 streams × 100
subscribers; 20 broadcasts per stream. Then reads the server's VmRSS idle and while `navigator-bench idle` holds 10k
connections (KB per connection = (with − idle) / 10k). Prints medians with min–max over the rounds.
Loopback only; every step has a timeout.
"""
import argparse, json, os, resource, socket, statistics, subprocess, sys, tempfile, time

SCENARIOS = [("1k x 1", 1, 1000), ("5k x 1", 1, 5000), ("10k x 1", 1, 10000), ("100 x 100", 100, 100)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def start_server(binary, port, workdir):
    config = os.path.join(workdir, "navigator.yml")
    with open(config, "w") as f:
        f.write(f'server:\n  listen: "127.0.0.1:{port}"\n  health_check:\n    path: /up\n    response:\n      status: 200\n      body: OK\n')
    env = dict(os.environ, LOG_LEVEL="error")
    proc = subprocess.Popen([binary, "--pid-file", os.path.join(workdir, "n.pid"), config], cwd=workdir, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("server did not start")


def run_bench(bench, args, timeout=180):
    out = subprocess.run([bench] + args, capture_output=True, text=True, timeout=timeout).stdout.strip().splitlines()
    return json.loads(out[-1]) if out else {"error": "no output"}


def spread(values, fmt="{:.2f}"):
    if not values:
        return "–"
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/navigator")
    parser.add_argument("--bench", default=".build/release/navigator-bench")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--idle-connections", type=int, default=10000)
    parser.add_argument("--quick", action="store_true", help="small scenarios, for a smoke run")
    parser.add_argument("--idle-only", action="store_true", help="only the memory measurement")
    parser.add_argument("--json")
    args = parser.parse_args()
    raise_fd_limit()
    scenarios = [("100 x 1", 1, 100), ("10 x 10", 10, 10)] if args.quick else SCENARIOS
    idle_n = 200 if args.quick else args.idle_connections
    port = free_port()
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        server = start_server(os.path.abspath(args.binary), port, workdir)
        try:
            for name, streams, subscribers in ([] if args.idle_only else scenarios):
                rounds = []
                for _ in range(args.rounds):
                    rounds.append(run_bench(args.bench, ["latency", "--port", str(port), "--streams", str(streams),
                                                         "--subscribers", str(subscribers), "--messages", str(args.messages)]))
                    time.sleep(1)
                results[name] = rounds
        finally:
            server.terminate()
            server.wait(timeout=20)
        # Memory per connection on a fresh server each round: after the latency runs the allocator keeps what it
        # used, and the idle sockets would only reuse it.
        idle = []
        for round_index in range(args.rounds):
            port = free_port()
            round_dir = os.path.join(workdir, f"idle-{round_index}")
            os.makedirs(round_dir)
            server = start_server(os.path.abspath(args.binary), port, round_dir)
            try:
                time.sleep(2)
                base = rss_kb(server.pid)
                holder = subprocess.Popen([args.bench, "idle", "--port", str(port), "--subscribers", str(idle_n), "--hold", "8"],
                                          stdout=subprocess.PIPE, text=True)
                ready = holder.stdout.readline()
                time.sleep(3)
                loaded = rss_kb(server.pid)
                holder.wait(timeout=120)
                idle.append({"idle_kb": base, "loaded_kb": loaded, "ready": ready.strip(),
                             "kb_per_connection": (loaded - base) / idle_n})
            finally:
                server.terminate()
                server.wait(timeout=20)
        results["idle"] = idle
    print(f"{'scenario':<12} {'delivered/expected':>20} {'lost':>10} {'p50 ms':>22} {'p95 ms':>22} {'p99 ms':>22} {'max ms':>22}")
    for name, _, _ in ([] if args.idle_only else scenarios):
        rounds = [r for r in results[name] if "error" not in r]
        errors = len(results[name]) - len(rounds)
        delivered = spread([r["delivered"] for r in rounds], "{:.0f}")
        expected = rounds[0]["expected"] if rounds else 0
        print(f"{name:<12} {delivered + ' / ' + str(expected):>20} {spread([r['lost'] for r in rounds], '{:.0f}'):>10} "
              f"{spread([r['p50_ms'] for r in rounds]):>22} {spread([r['p95_ms'] for r in rounds]):>22} "
              f"{spread([r['p99_ms'] for r in rounds]):>22} {spread([r['max_ms'] for r in rounds]):>22}"
              + (f"  ({errors} failed rounds)" if errors else ""))
    idle = results["idle"]
    print(f"server RSS idle: {spread([i['idle_kb'] / 1024 for i in idle], '{:.1f}')} MB; "
          f"with {idle_n} idle connections: {spread([i['loaded_kb'] / 1024 for i in idle], '{:.1f}')} MB; "
          f"per connection: {spread([i['kb_per_connection'] for i in idle], '{:.2f}')} KB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
