#!/usr/bin/env python3
"""Static files against nginx: requests/s and p50/p99 for a 1 KB and a 1 MB file, ours ÷ nginx.

Usage: bench/static.py [--rounds 5] [--duration 3] [--connections 32] [--binary .build/release/navigator]
       (NAV_GO=/path/to/navigator adds Navigator Go, same files, same rounds)

Both servers serve the same public directory on 127.0.0.1 (free ports) with their access log written to a file:
navigator with `server.static.public_dir`, Debian's nginx (`apt-get install nginx`) started by this script with its
own config (not the system service): `worker_processes auto`, workers as `nobody`, sendfile on, keepalive_requests
high enough that wrk never reconnects. Each round runs wrk (-t2) against both, interleaved; the table shows the
medians with min–max and the per-round ours ÷ nginx ratio. The same rounds also measure `navigator-bench hello`
(bare SwiftNIO: NIO's HTTP/1 codec and one handler answering "OK"): the ceiling of any server built on that codec.
"""
import argparse, os, sys, tempfile

import common

FILES = {"1 KB": ("1k.txt", 1024), "1 MB": ("1m.txt", 1024 * 1024)}


def nginx_conf(work, public, port):
    temp = os.path.join(work, "nginx-temp")
    os.makedirs(temp, exist_ok=True)
    temps = "\n".join(f"  {kind}_temp_path {temp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""user nobody nogroup;
worker_processes auto;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log {work}/nginx-access.log;
{temps}
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types {{ text/plain txt; }}
  server {{
    listen 127.0.0.1:{port};
    root {public};
  }}
}}
"""


def start_nginx(work, public):
    port = common.free_port()
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(work, public, port))
    proc = common.spawn(["nginx", "-e", os.path.join(work, "nginx-error.log"), "-p", work, "-c", conf],
                        stdout=common.subprocess.DEVNULL, stderr=common.subprocess.DEVNULL)
    common.wait_port(port)
    return proc, port


def start_hello(bench):
    """`navigator-bench hello`: bare SwiftNIO (HTTP/1 codec, one handler) answering `GET /` with "OK"; (process, port)."""
    port = common.free_port()
    proc = common.spawn([bench, "hello", "--port", str(port)], stdout=common.subprocess.DEVNULL,
                        stderr=common.subprocess.DEVNULL)
    common.wait_port(port)
    return proc, port


CEILING = "bare SwiftNIO"


def measure(binary, rounds, duration, connections, bench=None, go=None, log=sys.stderr):
    """{"1 KB": {"ours": [wrk...], "nginx": [wrk...], "go": [wrk...] with `go` (Navigator Go's path)}, "1 MB": ...,
    and with `bench` (the navigator-bench binary) "ceiling": {"bare SwiftNIO": [wrk...]}: NIO's HTTP/1 codec alone
    answering "OK", same rounds}."""
    common.require("wrk", "nginx")
    with tempfile.TemporaryDirectory(prefix="navigator-bench-static-") as work:
        os.chmod(work, 0o755)  # nginx workers run as nobody
        public = os.path.join(work, "public")
        os.makedirs(public)
        for name, size in FILES.values():
            with open(os.path.join(public, name), "wb") as f:
                f.write(os.urandom(size // 2).hex().encode())
        config = lambda p: f'server:\n  listen: "127.0.0.1:{p}"\n  static:\n    public_dir: {public}\ncable:\n  enabled: false\n'
        port = common.free_port()
        ours, _ = common.start_navigator(binary, work, config(port), port=port)
        go_proc, go_port = None, None
        if go:
            go_port = common.free_port()
            go_proc, _ = common.start_navigator(go, work, config(go_port), port=go_port, go=True,
                                                env={"LOG_LEVEL": "info"})
        nginx, nginx_port = start_nginx(work, public)
        hello, hello_port = start_hello(bench) if bench and os.path.exists(bench) else (None, None)
        try:
            servers = {"ours": port, "nginx": nginx_port, **({"go": go_port} if go else {})}
            results = {label: {server: [] for server in servers} for label in FILES}
            if hello:
                results["ceiling"] = {CEILING: []}
                common.run_wrk(f"http://127.0.0.1:{hello_port}/", 1, connections)  # warm-up
            for label, (name, _) in FILES.items():
                for server, p in servers.items():
                    status, body = common.http_get(f"http://127.0.0.1:{p}/{name}")
                    if status != 200 or len(body) != FILES[label][1]:
                        raise SystemExit(f"{server} did not serve /{name}: {status}, {len(body)} bytes")
                    common.run_wrk(f"http://127.0.0.1:{p}/{name}", 1, connections)  # warm-up
            for round_number in range(rounds):
                for label, (name, _) in FILES.items():
                    for server, p in servers.items():
                        results[label][server].append(common.run_wrk(f"http://127.0.0.1:{p}/{name}", duration, connections))
                if hello:
                    results["ceiling"][CEILING].append(
                        common.run_wrk(f"http://127.0.0.1:{hello_port}/", duration, connections))
                print(f"static: round {round_number + 1}/{rounds} done", file=log)
            return results
        finally:
            if hello:
                common.stop(hello)
            common.stop(nginx)
            if go_proc:
                common.stop(go_proc)
            common.stop(ours)


def ratios(result, side="ours"):
    """Per-round ours (or `side`, e.g. "go") ÷ nginx requests/s."""
    return [o["rps"] / n["rps"] for o, n in zip(result[side], result["nginx"])]


def ceiling_ratios(results, side):
    """Per-round bare SwiftNIO ÷ nginx (side "nginx") or ours ÷ bare SwiftNIO (side "ours"), 1 KB file. (Runs before
    the SwiftNIO hello server measured bare Hummingbird under that name; the one ceiling entry is taken either way.)"""
    hello = next(iter(results["ceiling"].values()))
    one_k = results["1 KB"]
    if side == "nginx":
        return [h["rps"] / n["rps"] for h, n in zip(hello, one_k["nginx"])]
    return [o["rps"] / h["rps"] for o, h in zip(one_k["ours"], hello)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    parser.add_argument("--bench", default=os.path.join(common.RELEASE, "navigator-bench"),
                        help="navigator-bench, for the bare-SwiftNIO ceiling (skipped when missing)")
    args = parser.parse_args()
    common.install_signal_handlers()
    results = measure(os.path.abspath(args.binary), args.rounds, args.duration, args.connections,
                      bench=os.path.abspath(args.bench), go=common.go_binary())
    print(f"\nwrk -t2 -c{args.connections} -d{args.duration}s; {args.rounds} rounds; {os.cpu_count()} CPUs\n")
    common.print_wrk_table("file", "server", results)
    for label in FILES:
        print(f"{label}: ours ÷ nginx requests/s = {common.describe(ratios(results[label]))}"
              + (f"; Navigator Go ÷ nginx = {common.describe(ratios(results[label], 'go'))}" if "go" in results[label] else ""))
    if "ceiling" in results:
        print(f"bare SwiftNIO ÷ nginx 1 KB = {common.describe(ceiling_ratios(results, 'nginx'))}; "
              f"ours 1 KB ÷ bare SwiftNIO = {common.describe(ceiling_ratios(results, 'ours'))}")


if __name__ == "__main__":
    main()
