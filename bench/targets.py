"""Issue 7's and 15's targets and Navigator Go's figures, and the rows of the results table built from a run's raw
results.

A row: what is measured, Go's figure (as first measured), our target (comparison and bound), and our per-round
values, summarised as median (min–max). When the run had `NAV_GO`, a row also carries Navigator Go's values from the
same run (`GO_VALUES`), shown in their own column. `markdown` renders the table pasted into docs/PERFORMANCE.md.
"""
import common
import proxy
import static


def _cable(name, key, go=False):
    def values(raw):
        runs = raw["cable"]["go"][name] if go else raw["cable"][name]
        return [r[key] for r in runs if "error" not in r]
    return values


def _production(raw, side):
    """RSS (MB) at the end of the production-like load; one value per run of the step."""
    return [raw["production"]["sides"][side]["final_kb"] / 1024]


# (key, measure, Go, target (op, bound) or None, digits, values(raw) -> per-round list)
TARGET_ROWS = [
    ("proxy_fast_ratio", "Proxy, trivial upstream: proxied ÷ direct req/s (32 conns)", "0.07–0.08", (">=", 0.40), 2,
     lambda raw: proxy.ratios(raw["proxy"]["fast"])[0]),
    ("proxy_fast_added_p50", "Proxy, trivial upstream: added p50 (ms)", "–", ("<=", 0.3), 3,
     lambda raw: proxy.ratios(raw["proxy"]["fast"])[1]),
    ("proxy_rails_ratio", "Proxy to Rails/Puma: proxied ÷ direct req/s (8 conns)", "0.86–0.94", (">=", 0.97), 2,
     lambda raw: proxy.ratios(raw["proxy"]["rails"])[0]),
    ("static_1k_ratio", "Static 1 KB: ours ÷ nginx req/s (32 conns)", "0.33–0.35", (">=", 0.80), 2,
     lambda raw: static.ratios(raw["static"]["1 KB"])),
    ("static_1m_ratio", "Static 1 MB: ours ÷ nginx req/s (32 conns)", "0.54–0.63", (">=", 0.90), 2,
     lambda raw: static.ratios(raw["static"]["1 MB"])),
    ("static_ceiling", "Codec ceiling: bare SwiftNIO \"OK\" ÷ nginx 1 KB req/s", "–", None, 2,
     lambda raw: static.ceiling_ratios(raw["static"], "nginx")),
    ("static_1k_of_ceiling", "Static 1 KB: ours ÷ bare SwiftNIO \"OK\" req/s", "–", None, 2,
     lambda raw: static.ceiling_ratios(raw["static"], "ours")),
    ("fanout_10k_p95", "Cable fan-out, 10k subscribers, 2 broadcasts/s: p95 (ms)", "133–148", ("<=", 60), 1,
     _cable("10k x 1", "p95_ms")),
    ("fanout_10k_p50", "Cable fan-out, 10k subscribers, 2 broadcasts/s: p50 (ms)", "73–79", None, 1,
     _cable("10k x 1", "p50_ms")),
    ("fanout_10k_lost", "Cable fan-out, 10k subscribers: lost messages", "–", ("==", 0), 0,
     _cable("10k x 1", "lost")),
    ("b2b_10k_p95", "Back-to-back broadcasts to 10k subscribers: p95 (ms)", "272", ("<=", 130), 1,
     _cable("back-to-back 10k", "p95_ms")),
    ("b2b_10k_lost", "Back-to-back broadcasts to 10k subscribers: lost messages", "–", ("==", 0), 0,
     _cable("back-to-back 10k", "lost")),
    ("memory_per_connection_kb", "Memory per idle subscribed cable connection at 10k (KB)", "34", ("<=", 8), 1,
     lambda raw: [r["kb_per_connection"] for r in raw["memory"]]),
    ("idle_rss_mb", "Idle RSS 1 s after start (MB)", "9.4", ("<=", 12), 1,
     lambda raw: [kb / 1024 for kb in raw["startup"]["rss_kb"]]),
    ("startup_ms", "Start-up: exec → first 200 (ms)", "11", ("<=", 15), 1,
     lambda raw: raw["startup"]["startup_ms"]),
    ("production_rss_mb", "RSS under production-like load (1,000 cable sockets, 100 req/s, 3 tenants), at the end (MB)",
     "–", ("<=", 35), 1, lambda raw: _production(raw, "ours")),
    ("startup_stripped_mb", "Release binary, stripped (MB)", "–", None, 1,
     lambda raw: [raw["startup"]["stripped_mb"]] if raw["startup"].get("stripped_mb") else []),
    ("cold_rails_overhead_ms", "Cold Rails tenant: first request → 200 minus app boot (ms)", "several s", ("<=", 100), 0,
     lambda raw: raw["cold"]["rails"]["overhead_ms"]),
    ("reload_ms", "Reload under load: SIGHUP → new config serving (ms)", "–", None, 1,
     lambda raw: raw["reload"]["ms"]),
    ("reload_routes_ms", "Reload, light load (bench/reload.py): SIGHUP → new route served (ms)", "–", None, 1,
     lambda raw: raw["reload-semantics"]["valid_ms"]),
    ("reload_tenant_ms", "Reload of a changed tenant: SIGHUP → new app process answers (ms)", "–", None, 0,
     lambda raw: raw["reload-semantics"]["tenant_ms"]),
    ("reload_failed_requests", "Requests failed during those reloads", "–", ("==", 0), 0,
     lambda raw: [raw["reload-semantics"]["failed"]]),
]


# Navigator Go's values from the same run (NAV_GO), by row key.
GO_VALUES = {
    "proxy_fast_ratio": lambda raw: proxy.ratios(raw["proxy"]["fast"], "go")[0],
    "proxy_fast_added_p50": lambda raw: proxy.ratios(raw["proxy"]["fast"], "go")[1],
    "proxy_rails_ratio": lambda raw: proxy.ratios(raw["proxy"]["rails"], "go")[0],
    "static_1k_ratio": lambda raw: static.ratios(raw["static"]["1 KB"], "go"),
    "static_1m_ratio": lambda raw: static.ratios(raw["static"]["1 MB"], "go"),
    "fanout_10k_p95": _cable("10k x 1", "p95_ms", go=True),
    "fanout_10k_p50": _cable("10k x 1", "p50_ms", go=True),
    "fanout_10k_lost": _cable("10k x 1", "lost", go=True),
    "b2b_10k_p95": _cable("back-to-back 10k", "p95_ms", go=True),
    "b2b_10k_lost": _cable("back-to-back 10k", "lost", go=True),
    "memory_per_connection_kb": lambda raw: [r["go"]["kb_per_connection"] for r in raw["memory"]],
    "idle_rss_mb": lambda raw: [kb / 1024 for kb in raw["startup"]["go_rss_kb"]],
    "startup_ms": lambda raw: raw["startup"]["go_startup_ms"],
    "production_rss_mb": lambda raw: _production(raw, "go"),
    "startup_stripped_mb": lambda raw: [raw["startup"]["go_stripped_mb"]] if raw["startup"].get("go_stripped_mb") else [],
}

SYMBOLS = {">=": "≥", "<=": "≤", "==": "="}


def _met(op, bound, s, values):
    if op == "==":
        return all(v == bound for v in values)
    return s["median"] >= bound if op == ">=" else s["median"] <= bound


# The runner step each row comes from (the key's first word unless named here).
STEP = {"fanout": "cable", "b2b": "cable", "idle": "startup", "reload_routes": "reload-semantics",
        "reload_tenant": "reload-semantics", "reload_failed": "reload-semantics", "memory_per": "memory"}


def step_of(key):
    for prefix, step in STEP.items():
        if key.startswith(prefix):
            return step
    return key.split("_")[0]


def _values(extract, raw):
    """The per-round values `extract` finds in `raw`; [] where the step (or its Go side) did not run or failed."""
    try:
        return list(extract(raw))
    except (KeyError, TypeError, ZeroDivisionError, IndexError):
        return []


def rows(raw, ran=None):
    """The targets table as dicts (summary None where the step failed). Rows of steps not in `ran` (the steps the run
    attempted; default: all) are left out."""
    out = []
    for key, measure, go, target, digits, extract in TARGET_ROWS:
        if ran is not None and step_of(key) not in ran:
            continue
        values = _values(extract, raw)
        go_values = _values(GO_VALUES[key], raw) if key in GO_VALUES else []
        s = common.summary(values)
        out.append({"key": key, "measure": measure, "go": go, "go_values": go_values,
                    "go_summary": common.summary(go_values),
                    "target": f"{SYMBOLS[target[0]]} {target[1]}" if target else "–",
                    "digits": digits, "values": values, "summary": s,
                    "met": _met(*target, s, values) if target and s else None})
    return out


def _cell(s, digits):
    if s is None:
        return "not measured"
    return f"**{s['median']:.{digits}f}** ({s['min']:.{digits}f}–{s['max']:.{digits}f}), {s['rounds']}"


def _details(raw):
    """Every cable scenario and the side measurements behind the ratios."""
    lines = []
    if "cable" in raw:
        lines += ["", "| Cable scenario | delivered / expected | lost | p50 ms | p95 ms | p99 ms | max ms |",
                  "|---|---|---|---|---|---|---|"]
        scenarios = [(name, runs) for name, runs in raw["cable"].items() if name != "go"]
        scenarios += [(f"{name} (Navigator Go)", runs) for name, runs in raw["cable"].get("go", {}).items()]
        for name, runs in scenarios:
            ok = [r for r in runs if "error" not in r]
            failed = f" ({len(runs) - len(ok)} failed rounds)" if len(ok) < len(runs) else ""
            lines.append(f"| {name}{failed} | {common.describe([r['delivered'] for r in ok], 0)} / "
                         f"{ok[0]['expected'] if ok else '?'} | " + " | ".join(
                             common.describe([r[k] for r in ok], 1 if k != "lost" else 0)
                             for k in ("lost", "p50_ms", "p95_ms", "p99_ms", "max_ms")) + " |")
    for name, label in (("proxy", "Proxy"), ("static", "Static")):
        if name in raw:
            lines += ["", f"| {label} | side | requests/s | p50 ms | p99 ms |", "|---|---|---|---|---|"]
            for group, sides in raw[name].items():
                for side, runs in sides.items():
                    lines.append(f"| {group} | {side} | {common.describe([r['rps'] for r in runs], 0)} | "
                                 f"{common.describe([r['p50'] for r in runs])} | {common.describe([r['p99'] for r in runs])} |")
    if "startup" in raw:
        r = raw["startup"]
        lines += ["", "| Start-up (same rounds) | exec → first 200 ms | idle RSS MB |", "|---|---|---|",
                  f"| navigator | {common.describe(r['startup_ms'], 1)} | {common.describe([k / 1024 for k in r['rss_kb']], 1)} |",
                  ] + ([f"| Navigator Go | {common.describe(r['go_startup_ms'], 1)} | "
                        f"{common.describe([k / 1024 for k in r['go_rss_kb']], 1)} |"] if r.get("go_startup_ms") else []) + [
                  f"| baseline `python3 -m http.server` | {common.describe(r['baseline_startup_ms'], 1)} | "
                  f"{common.describe([k / 1024 for k in r['baseline_rss_kb']], 1)} |"]
    if "cold" in raw:
        lines += ["", "| Cold tenant | boot direct ms | first request via navigator ms | overhead ms |", "|---|---|---|---|"]
        for app, r in raw["cold"].items():
            lines.append(f"| {app} | {common.describe(r['boot_ms'], 0)} | {common.describe(r['cold_ms'], 0)} | "
                         f"{common.describe(r['overhead_ms'], 0)} |")
    if "memory" in raw and raw["memory"]:
        curve = raw["memory"][0]["curve"]
        lines += ["", "| Held cable connections | " + " | ".join(str(p["connections"]) for p in curve) + " |",
                  "|---|" + "---|" * len(curve),
                  "| Server RSS (MB) | " + " | ".join(f"{p['rss_kb'] / 1024:.1f}" for p in curve) + " |"]
        if "go" in raw["memory"][0]:
            lines.append("| Navigator Go RSS (MB) | " + " | ".join(f"{p['rss_kb'] / 1024:.1f}"
                                                              for p in raw["memory"][0]["go"]["curve"]) + " |")
    if raw.get("production", {}).get("sides"):
        import production
        lines += ["", production.markdown(raw["production"])]
    return lines


def table_markdown(run):
    """The run header and the targets table."""
    meta = run["meta"]
    lines = [f"Run {meta['date']}, commit {meta['commit']}, binary built {meta['binary_mtime']}, {meta['cpus']} CPUs, "
             f"load {meta['load']:.2f}{' → %.2f' % meta['load_end'] if 'load_end' in meta else ''}{', QUICK (smoke) run' if meta['quick'] else ''}"
             f"{', DEBUG build' if '/debug/' in meta.get('binary', '') else ''}; {meta['seconds']} s.", "",
             ]
    with_go = any(row.get("go_summary") for row in run["rows"])
    go_head = " Navigator Go, this run |" if with_go else ""
    lines += [f"| Measure | Navigator Go |{go_head} Target | Ours: median (min–max), rounds | Met |",
              "|---|---|---|---|---|" + ("---|" if with_go else "")]
    for row in run["rows"]:
        met = {True: "yes", False: "**no**", None: "–"}[row["met"]]
        go_cell = f" {_cell(row.get('go_summary'), row['digits'])} |" if with_go else ""
        lines.append(f"| {row['measure']} | {row['go']} |{go_cell} {row['target']} | {_cell(row['summary'], row['digits'])} | {met} |")
    if max(meta["load"], meta.get("load_end", 0)) > meta["cpus"]:
        lines.append(f"\nThe load average exceeded the {meta['cpus']} CPUs during this run (other work on the machine): "
                     "absolute figures are inflated; ratios to the same-run baselines hold up better.")
    for name, error in run.get("errors", {}).items():
        lines.append(f"\nstep {name} FAILED: {error}")
    for name, reason in run.get("skipped", {}).items():
        lines.append(f"\nstep {name} skipped: {reason}")
    return "\n".join(lines)


def details_markdown(run):
    """Every cable scenario, both sides of each ratio, the cold starts and the RSS curve."""
    return "\n".join(_details(run["raw"])).strip()


def markdown(run):
    """The targets table, then the details."""
    return table_markdown(run) + "\n\n" + details_markdown(run)
