#!/usr/bin/env python3
"""The whole benchmark suite in one command: prints the targets table (medians with min–max over rounds) and writes
JSON to bench/results/ (latest.json and a time-stamped copy). Loopback only; every process it starts is stopped,
also on Ctrl-C. About 15 minutes (5 of them the production-like load); `--quick` (~2 minutes) is a smoke run
with tiny loads.

usage: bench/run.py [--quick] [--only startup,proxy,static,cable,memory,production,cold,reload,reload-semantics]
                    [--json OUT] [--plot | --update-doc] [--update-doc-from JSON]

NAV_GO=/path/to/navigator (Navigator Go, built from its source) adds Go's figures from the same run to the steps that
have a Go side (startup, proxy, static, cable, memory, production): a column of the targets table and rows of the
details.

Needs the release build (`swift build -c release`) and Debian's wrk, nginx, ruby-rails, puma; a step whose tool is
missing is reported as skipped. See docs/PERFORMANCE.md for what each row measures.
"""
import argparse
import atexit
import datetime
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import cable
import coldstart
import common
import production
import proxy
import reloadlatency
import startup
import static
import targets

FULL = {"startup_rounds": 10, "proxy_rounds": 5, "proxy_seconds": 4, "static_rounds": 5, "static_seconds": 3,
        "cable_rounds": 3, "cable_messages": 10, "scenarios": cable.SCENARIOS, "memory_rounds": 3,
        "memory_connections": 10000, "memory_curve": cable.CURVE, "cold_rounds": 5, "reload_rounds": 5,
        "production_seconds": 300, "production_interval": 5}
QUICK = {"startup_rounds": 2, "proxy_rounds": 1, "proxy_seconds": 1, "static_rounds": 1, "static_seconds": 1,
         "cable_rounds": 1, "cable_messages": 4, "scenarios": cable.QUICK_SCENARIOS, "memory_rounds": 1,
         "memory_connections": 500, "memory_curve": [100, 200], "cold_rounds": 1, "reload_rounds": 2,
         "production_seconds": production.QUICK["seconds"], "production_interval": production.QUICK["interval"]}


def steps(p, navigator, bench, go=None):
    """(name, tools it needs, function) in running order; each function returns its raw results. `go`: Navigator
    Go's binary (NAV_GO), measured beside ours by the steps that have a Go side."""
    return [
        ("startup", [], lambda: startup.measure(navigator, p["startup_rounds"], go=go)),
        ("proxy", ["wrk", "ruby"], lambda: proxy.measure(navigator, p["proxy_rounds"], p["proxy_seconds"],
                                                         {"rails": 8, "fast": 32}, go=go)),
        ("static", ["wrk", "nginx"], lambda: static.measure(navigator, p["static_rounds"], p["static_seconds"], 32,
                                                                           bench=bench, go=go)),
        ("cable", [], lambda: cable.latency(navigator, bench, p["scenarios"], p["cable_rounds"], p["cable_messages"],
                                            go=go)),
        ("memory", [], lambda: cable.memory_rounds(navigator, bench, p["memory_connections"], p["memory_rounds"],
                                                   p["memory_curve"], go=go)),
        ("production", [], lambda: production.measure(navigator, bench, p["production_seconds"],
                                                      p["production_interval"], go=go)),
        ("cold", ["ruby"], lambda: coldstart.measure(navigator, p["cold_rounds"])),
        ("reload", ["wrk"], lambda: reloadlatency.measure(navigator, p["reload_rounds"])),
    ] + ([("reload-semantics", ["python3"], lambda: importlib.import_module("reload").measure(navigator, p["reload_rounds"]))]
         if os.path.exists(os.path.join(common.ROOT, "bench/reload.py")) else [])


def update_doc(run_path):
    """Makes `run_path` the reference run: copies it to bench/results/reference.json, replaces the generated sections
    of docs/PERFORMANCE.md (between `<!-- results:begin/end -->` and `<!-- details:begin/end -->`) and redraws the
    plots from it."""
    reference = os.path.join(common.ROOT, "bench/results/reference.json")
    shutil.copy(run_path, reference)
    with open(reference) as f:
        run = json.load(f)
    run["rows"] = targets.rows(run["raw"], run["meta"].get("steps"))
    doc_path = os.path.join(common.ROOT, "docs/PERFORMANCE.md")
    with open(doc_path) as f:
        doc = f.read()
    for marker, content in (("results", targets.table_markdown(run)), ("details", targets.details_markdown(run))):
        doc = re.sub(rf"(<!-- {marker}:begin -->\n).*?(<!-- {marker}:end -->)",
                     lambda m: m.group(1) + content + "\n" + m.group(2), doc, flags=re.S)
    with open(doc_path, "w") as f:
        f.write(doc)
    import plot
    plot.main([reference])


def snapshot(*paths):
    """Copies the binaries to a temporary directory (removed at exit) and returns the copies: another build
    replacing them mid-run ("Text file busy", or a mix of two builds in one run) cannot disturb the run."""
    directory = tempfile.mkdtemp(prefix="navigator-bench-bin-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    copies = []
    for index, path in enumerate(paths):
        os.makedirs(os.path.join(directory, str(index)))  # Navigator Go's binary may be called navigator too
        copy = os.path.join(directory, str(index), os.path.basename(path))
        shutil.copy2(path, copy)
        copies.append(copy)
    if subprocess.run([copies[0], "--version"], capture_output=True, timeout=30).returncode != 0:
        sys.exit(f"{paths[0]} does not run (still being linked?); try again")
    return copies


def git_describe():
    try:
        return subprocess.run(["git", "-C", common.ROOT, "describe", "--always", "--dirty"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except Exception:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: one round of tiny loads (~1 minute)")
    parser.add_argument("--only", help="comma-separated steps to run (default: all)")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--binaries", default=common.RELEASE,
                        help="directory with navigator and navigator-bench (default .build/release; a smoke may use .build/debug)")
    parser.add_argument("--plot", action="store_true", help="regenerate docs/perf/*.svg from this run")
    parser.add_argument("--update-doc", action="store_true",
                        help="make this run the reference: bench/results/reference.json, docs/PERFORMANCE.md, plots")
    parser.add_argument("--update-doc-from", metavar="JSON", help="only update the doc from an earlier run's JSON")
    args = parser.parse_args()
    common.install_signal_handlers()
    if args.update_doc_from:
        update_doc(args.update_doc_from)
        return
    common.RELEASE = os.path.abspath(args.binaries)
    original = common.binary("navigator")
    go_original = common.go_binary()
    navigator, bench, *go = snapshot(original, common.binary("navigator-bench"), *([go_original] if go_original else []))
    go = go[0] if go else None
    hard = common.raise_fd_limit()
    params = QUICK if args.quick else FULL
    if hard < params["memory_connections"] + 1000:
        sys.exit(f"open-file hard limit {hard} is too low for {params['memory_connections']} connections (ulimit -Hn)")
    only = set(args.only.split(",")) if args.only else None
    started = time.monotonic()
    run = {"meta": {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                    "commit": git_describe(), "quick": args.quick, "cpus": os.cpu_count(), "binary": original,
                    "binary_mtime": datetime.datetime.fromtimestamp(os.path.getmtime(original), datetime.timezone.utc)
                    .isoformat(timespec="seconds"), "load": os.getloadavg()[0], "navigator_go": go_original,
                    "params": {k: v for k, v in params.items() if k != "scenarios"}},
           "raw": {}, "errors": {}, "skipped": {}}
    for name, tools, function in steps(params, navigator, bench, go):
        if only and name not in only:
            continue
        missing = [t for t in tools if not common.shutil.which(t)]
        if missing:
            run["skipped"][name] = f"missing {', '.join(missing)}"
            print(f"[{time.monotonic() - started:5.0f}s] {name}: skipped ({run['skipped'][name]})", file=sys.stderr)
            continue
        print(f"[{time.monotonic() - started:5.0f}s] {name} …", file=sys.stderr)
        try:
            run["raw"][name] = function()
        except (Exception, SystemExit) as error:
            run["errors"][name] = f"{type(error).__name__}: {error}"
            traceback.print_exc()
        common.cleanup()
    run["meta"]["seconds"] = round(time.monotonic() - started)
    run["meta"]["load_end"] = os.getloadavg()[0]
    run["meta"]["steps"] = sorted(set(run["raw"]) | set(run["errors"]) | set(run["skipped"]))
    run["rows"] = targets.rows(run["raw"], run["meta"]["steps"])
    print()
    print(targets.markdown(run))
    results_dir = os.path.join(common.ROOT, "bench/results")
    os.makedirs(results_dir, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    for path in [os.path.join(results_dir, "latest.json"), os.path.join(results_dir, f"run-{stamp}.json")] + \
            ([args.json] if args.json else []):
        with open(path, "w") as f:
            json.dump(run, f, indent=1)
    print(f"\nJSON: bench/results/latest.json, bench/results/run-{stamp}.json; {run['meta']['seconds']} s", file=sys.stderr)
    if args.update_doc:
        update_doc(os.path.join(results_dir, "latest.json"))
    elif args.plot:
        import plot
        plot.main([os.path.join(results_dir, "latest.json")])
    sys.exit(1 if run["errors"] else 0)


if __name__ == "__main__":
    main()
