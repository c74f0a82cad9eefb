"""Helpers shared by the benchmark scripts: free ports, process lifetime, readiness, RSS, wrk, medians.

Every process a benchmark starts goes through `spawn`, which puts it in its own process group and remembers it;
`cleanup` (run at exit, and on SIGINT/SIGTERM through `install_signal_handlers`) kills whatever group is left, so an
interrupted run leaves no server, tenant or load client behind.
"""
import atexit
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, ".build/release")

_live = []


def binary(name="navigator"):
    """The release binary `name`; exits with advice when it has not been built."""
    path = os.path.join(RELEASE, name)
    if not os.path.exists(path):
        sys.exit(f"{path} not found: run `swift build -c release` first")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit():
    """Soft open-file limit up to the hard one (10k sockets need more than 1024); children inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def spawn(cmd, **kwargs):
    """Starts `cmd` in a new process group and registers it for `cleanup`."""
    proc = subprocess.Popen(cmd, start_new_session=True, **kwargs)
    _live.append(proc)
    return proc


def stop(proc, timeout=20):
    """SIGTERM, then SIGKILL to the whole group after `timeout` seconds (tenants die with their server)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.wait(5)
    if proc in _live:
        _live.remove(proc)


def cleanup():
    for proc in list(_live):
        try:
            stop(proc, timeout=5)
        except Exception:
            pass


def _interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def install_signal_handlers():
    """Turns SIGINT, SIGTERM and SIGHUP into KeyboardInterrupt so `finally` blocks and `cleanup` run (SIGINT
    explicitly: a shell starts background jobs with it ignored)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupted)


atexit.register(cleanup)


def http_get(url, timeout=2):
    """(status, body) of a GET; (0, b"") when the connection fails."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""
    except Exception:
        return 0, b""


def wait_http(url, limit=90, poll=0.2, body=None):
    """Waits for a 200 (with `body` when given); returns the seconds waited, or exits."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        status, content = http_get(url)
        if status == 200 and (body is None or content == body):
            return time.monotonic() - start
        time.sleep(poll)
    raise SystemExit(f"no answer from {url} within {limit}s")


def wait_port(port, limit=20):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"nothing listening on 127.0.0.1:{port} after {limit}s")


def health_config(port, path="/up", body="OK", extra=""):
    """A minimal navigator.yml: loopback, a synthetic health check."""
    return (f'server:\n  listen: "127.0.0.1:{port}"\n  health_check:\n    path: {path}\n    response:\n'
            f'      status: 200\n      body: "{body}"\n{extra}')


def go_binary():
    """Navigator Go to compare against: the executable named by `NAV_GO` (None when unset; exits when it is set but
    does not name an executable). Every step that has a Go side measures it in the same rounds as ours."""
    path = os.environ.get("NAV_GO")
    if not path:
        return None
    path = os.path.abspath(path)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise SystemExit(f"NAV_GO={path} is not an executable file")
    return path


def go_config(config_text):
    """The same config for Navigator Go, which listens on `:<listen>` (all interfaces) and so takes a bare port:
    `listen: "127.0.0.1:N"` becomes `listen: N`."""
    return re.sub(r'listen: "?127\.0\.0\.1:(\d+)"?', r"listen: \1", config_text)


def navigator_command(binary_path, workdir, config, go=False, name="navigator"):
    """The command line starting `binary_path` on `config`: ours with its own pid file in `workdir`; Navigator Go
    takes only the config path (its pid file is always /tmp/navigator.pid)."""
    if go:
        return [binary_path, config]
    return [binary_path, "--pid-file", os.path.join(workdir, f"{name}.pid"), config]


def start_navigator(binary_path, workdir, config_text, env=None, port=None, go=False, name=None):
    """Writes `config_text` to workdir/<name>.yml (name: navigator, or navigator-go for Navigator Go), starts the
    server with its output in workdir/<name>.log and returns (process, port) once `port` accepts connections or, when
    the config says port 0 (ours only), once the log says which port it listens on (that needs LOG_LEVEL info)."""
    name = name or ("navigator-go" if go else "navigator")
    if go:
        if port is None:
            raise ValueError("Navigator Go needs a fixed port")
        config_text = go_config(config_text)
    config = os.path.join(workdir, f"{name}.yml")
    with open(config, "w") as f:
        f.write(config_text)
    log_path = os.path.join(workdir, f"{name}.log")
    log = open(log_path, "w")
    proc = spawn(navigator_command(binary_path, workdir, config, go, name), cwd=workdir,
                 stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, **(env or {})))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if port is not None:
            try:
                wait_port(port, limit=0.1)
                return proc, port
            except SystemExit:
                pass
        match = port is None and re.search(r"Server listening.*?:(\d+)\b", open(log_path).read())
        if match:
            return proc, int(match.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    stop(proc)
    raise SystemExit(f"{name} did not start:\n" + open(log_path).read()[-2000:])


def stripped_mb(path):
    """Size in MB of a stripped copy of `path` (`strip`, as a release package would ship it); None without strip."""
    if not shutil.which("strip"):
        return None
    with tempfile.TemporaryDirectory(prefix="navigator-bench-strip-") as work:
        copy = os.path.join(work, "binary")
        shutil.copy(path, copy)
        subprocess.run(["strip", copy], check=True, capture_output=True, timeout=120)
        return os.path.getsize(copy) / 1e6


def run_wrk(url, duration, connections, threads=2):
    """One wrk run: requests/s, p50/p99 in ms, non-2xx count."""
    out = subprocess.run(["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration}s", url],
                         capture_output=True, text=True, check=True, timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)

    def percentile(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return {"rps": rps, "p50": percentile("50"), "p99": percentile("99"),
            "errors": (int(errors.group(1)) if errors else 0)
            + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0)}


def require(*tools):
    for tool in tools:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing (Debian: apt-get install wrk nginx ruby-rails puma apache2-utils)")


def summary(values):
    """{"median", "min", "max", "rounds"} of the non-None values (None when there are none)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "rounds": len(values)}


def describe(values, digits=2):
    """"median (min–max)" of `values`, or "–" when empty."""
    s = summary(values)
    if s is None:
        return "–"
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def print_wrk_table(group_name, side_name, results):
    """Markdown table of wrk runs: results = {group: {side: [run_wrk results]}}."""
    print(f"| {group_name} | {side_name} | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for group, sides in results.items():
        for side, runs in sides.items():
            print(f"| {group} | {side} | {describe([r['rps'] for r in runs], 0)} | {describe([r['p50'] for r in runs])} | "
                  f"{describe([r['p99'] for r in runs])} | {sum(r['errors'] for r in runs)} |")
