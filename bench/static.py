#!/usr/bin/env python3
"""Static files against nginx: requests/s and p50/p99 for a 1 KB and a 1 MB file, ours ÷ nginx.

Usage: bench/static.py [--rounds 5] [--duration 3] [--connections 32] [--binary .build/release/navigator]

Both servers serve the same public directory on 127.0.0.1 (free ports) with their access log written to a file:
navigator with `server.static.public_dir`, Debian's nginx (`apt-get install nginx`) started by this script with its
own config (not the system service): `worker_processes auto`, workers as `nobody`, sendfile on, keepalive_requests
high enough that wrk never reconnects. Each round runs wrk (-t2) against both, interleaved; the table shows the
medians with min–max and the per-round ours ÷ nginx ratio.
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


def measure(binary, rounds, duration, connections, log=sys.stderr):
    """{"1 KB": {"ours": [wrk...], "nginx": [wrk...]}, "1 MB": ...}."""
    common.require("wrk", "nginx")
    with tempfile.TemporaryDirectory(prefix="navigator-bench-static-") as work:
        os.chmod(work, 0o755)  # nginx workers run as nobody
        public = os.path.join(work, "public")
        os.makedirs(public)
        for name, size in FILES.values():
            with open(os.path.join(public, name), "wb") as f:
                f.write(os.urandom(size // 2).hex().encode())
        port = common.free_port()
        ours, _ = common.start_navigator(binary, work, f'server:\n  listen: "127.0.0.1:{port}"\n  static:\n'
                                         f'    public_dir: {public}\ncable:\n  enabled: false\n', port=port)
        nginx, nginx_port = start_nginx(work, public)
        try:
            servers = {"ours": port, "nginx": nginx_port}
            results = {label: {server: [] for server in servers} for label in FILES}
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
                print(f"static: round {round_number + 1}/{rounds} done", file=log)
            return results
        finally:
            common.stop(nginx)
            common.stop(ours)


def ratios(result):
    """Per-round ours ÷ nginx requests/s."""
    return [o["rps"] / n["rps"] for o, n in zip(result["ours"], result["nginx"])]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    args = parser.parse_args()
    common.install_signal_handlers()
    results = measure(os.path.abspath(args.binary), args.rounds, args.duration, args.connections)
    print(f"\nwrk -t2 -c{args.connections} -d{args.duration}s; {args.rounds} rounds; {os.cpu_count()} CPUs\n")
    common.print_wrk_table("file", "server", results)
    for label, result in results.items():
        print(f"{label}: ours ÷ nginx requests/s = {common.describe(ratios(result))}")


if __name__ == "__main__":
    main()
