#!/usr/bin/env python3
"""Cold tenant start: how long the first request to a cold tenant takes beyond the app's own boot time.

Usage: bench/coldstart.py [--rounds 3] [--binary .build/release/navigator] [--no-rails]

Each round, for each app (the real Rails 6.1/Puma app in examples/rails, and a trivial `python3 -m http.server`):
  * boot — the app started directly with the same command and environment: exec → first 200 on its health path;
  * cold — a fresh navigator with the app as a tenant: the first request to the tenant → 200 (navigator starts it);
  * overhead = cold − boot (what navigator adds: spawn, readiness polling, proxying the held request).
Both sides poll/wait on 127.0.0.1 only; the server and its tenant are stopped after every round.
"""
import argparse, os, subprocess, sys, tempfile, time

import common
import railsapp


def apps(work, with_rails):
    """{name: (prefix, health path, root, runtime, args with {port}, env)} for the apps to measure."""
    out = {}
    if with_rails:
        app = railsapp.prepare(work)
        out["rails"] = ("/rails/", "/rails/up", app, "ruby", railsapp.command("{port}"), railsapp.env(app, "/rails/"))
    static = os.path.join(work, "python")
    os.makedirs(os.path.join(static, "py"))
    open(os.path.join(static, "py", "up"), "w").write("OK")
    out["python"] = ("/py/", "/py/up", static, sys.executable, ["-m", "http.server", "--bind", "127.0.0.1", "{port}"], {})
    return out


def boot_direct(root, runtime, args, env, health):
    """exec → first 200 of the app run directly (ms)."""
    port = common.free_port()
    start = time.monotonic()
    proc = common.spawn([runtime] + [a.replace("{port}", str(port)) for a in args], cwd=root,
                        env=dict(os.environ, PORT=str(port), **env), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
    try:
        common.wait_http(f"http://127.0.0.1:{port}{health}", limit=90, poll=0.005)
        return (time.monotonic() - start) * 1000
    finally:
        common.stop(proc)


def tenant_yaml(prefix, root, runtime, args, env, health):
    lines = [f"    - path: {prefix}", f"      root: {root}", f"      runtime: {runtime}", f"      server: {args[0]}",
             "      args: [" + ", ".join(f'"{a.replace("{port}", "{{port}}")}"' for a in args[1:]) + "]",
             f"      health_check: {health}", "      startup_timeout: 90s"]
    if env:
        lines += ["      env:"] + [f'        {k}: "{v}"' for k, v in env.items()]
    return "\n".join(lines) + "\n"


def cold_through_navigator(binary, work, prefix, root, runtime, args, env, health):
    """First request to the cold tenant → 200, through a fresh navigator (ms)."""
    port = common.free_port()
    config = (f'server:\n  listen: "127.0.0.1:{port}"\ncable:\n  enabled: false\napplications:\n  pools:\n'
              f"    start_port: {common.free_port()}\n  tenants:\n" + tenant_yaml(prefix, root, runtime, args, env, health))
    server, _ = common.start_navigator(binary, work, config, port=port)
    try:
        start = time.monotonic()
        status, _ = common.http_get(f"http://127.0.0.1:{port}{health}", timeout=90)
        if status != 200:
            raise RuntimeError(f"cold request to {health} answered {status}")
        return (time.monotonic() - start) * 1000
    finally:
        common.stop(server)


def measure(binary, rounds, with_rails=True, log=sys.stderr):
    """{app: {"boot_ms": [...], "cold_ms": [...], "overhead_ms": [...]}}, rounds interleaved (ABBA)."""
    with tempfile.TemporaryDirectory(prefix="navigator-bench-cold-") as work:
        targets = apps(work, with_rails)
        results = {name: {"boot_ms": [], "cold_ms": [], "overhead_ms": []} for name in targets}
        for round_number in range(rounds):
            for name, (prefix, health, root, runtime, args, env) in targets.items():
                # Alternate which goes first (A B, B A, …): the first start after a stop tends to be the slower one.
                if round_number % 2:
                    cold = cold_through_navigator(binary, work, prefix, root, runtime, args, env, health)
                    boot = boot_direct(root, runtime, args, env, health)
                else:
                    boot = boot_direct(root, runtime, args, env, health)
                    cold = cold_through_navigator(binary, work, prefix, root, runtime, args, env, health)
                results[name]["boot_ms"].append(boot)
                results[name]["cold_ms"].append(cold)
                results[name]["overhead_ms"].append(cold - boot)
            print(f"coldstart: round {round_number + 1}/{rounds} done", file=log)
        return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--binary", default=os.path.join(common.RELEASE, "navigator"))
    parser.add_argument("--no-rails", action="store_true")
    args = parser.parse_args()
    common.install_signal_handlers()
    results = measure(os.path.abspath(args.binary), args.rounds, not args.no_rails)
    print("| app | boot direct ms | first request via navigator ms | overhead ms |")
    print("|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {common.describe(r['boot_ms'], 0)} | {common.describe(r['cold_ms'], 0)} | "
              f"{common.describe(r['overhead_ms'], 0)} |")


if __name__ == "__main__":
    main()
