#!/usr/bin/env python3
"""A real headless Chromium against the real navigator binary (issue 4):

1. The demo page (examples/demo/public/index.html + turbo_cable.js) receives a broadcast into the DOM, survives a
   server restart longer than 3 s (reconnects with backoff and resubscribes), and receives the next broadcast.
2. A replica of the turbo_cable gem's controller (one reconnect after 3 s, only if acked) keeps working across a
   restart that takes well under 3 s.

Usage: cable_browser.py --binary PATH. Exits 0 on success, 1 with a reason otherwise — including when chromium,
chromedriver or selenium is missing (the test must fail, not skip).
"""
import argparse, json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

sys.path.insert(0, HERE)
from browser_support import browser, fail, wait_for  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The navigator binary serving a public dir with the demo client and the gem replica."""

    def __init__(self, binary, port, workdir):
        self.binary, self.port, self.workdir, self.proc = binary, port, workdir, None
        public = os.path.join(workdir, "public")
        shutil.copytree(os.path.join(ROOT, "examples/demo/public"), public)
        shutil.copy(os.path.join(HERE, "gem_controller.html"), public)
        with open(os.path.join(workdir, "navigator.yml"), "w") as f:
            f.write(f'server:\n  listen: "127.0.0.1:{port}"\n  static:\n    public_dir: public\n    try_files: [index.html]\n')

    def start(self):
        log = open(os.environ.get("CABLE_BROWSER_LOG", os.devnull), "a")
        self.proc = subprocess.Popen([self.binary, "--pid-file", os.path.join(self.workdir, "n.pid"), "navigator.yml"],
                                     cwd=self.workdir, stdout=log, stderr=log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        fail("navigator did not start listening")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)

    def broadcast(self, stream, text, target):
        html = f'<turbo-stream action="replace" target="{target}">\n  <template>\n    <span id="{target}">{text}</span>\n  </template>\n</turbo-stream>\n'
        body = json.dumps({"stream": stream, "data": html}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/_broadcast", data=body,
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=2) as response:
            if response.status != 200:
                fail(f"broadcast answered {response.status}")


def text_of(driver, element_id):
    return driver.execute_script(f"return document.getElementById('{element_id}')?.textContent")


def broadcast_until_seen(server, driver, stream, target, value, timeout=15):
    """Broadcasts repeatedly (a reconnecting page may miss one) until the page shows the value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        server.broadcast(stream, value, target)
        for _ in range(10):
            if text_of(driver, target) == value:
                return
            time.sleep(0.05)
    fail(f"page never showed {value!r} in #{target} (shows {text_of(driver, target)!r})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(os.path.abspath(args.binary), port, workdir)
        server.start()
        driver = browser()
        try:
            # 1. The shipped client on the demo page.
            driver.get(f"http://127.0.0.1:{port}/")
            wait_for("the demo page to subscribe", lambda: text_of(driver, "cable-status") == "connected")
            broadcast_until_seen(server, driver, "clock", "clock", "first broadcast")
            server.stop()
            wait_for("the demo page to notice the outage", lambda: text_of(driver, "cable-status") != "connected")
            time.sleep(4)  # longer than the gem's single 3 s retry: the gem would give up here
            server.start()
            wait_for("the demo page to resubscribe", lambda: text_of(driver, "cable-status") == "connected", timeout=40)
            broadcast_until_seen(server, driver, "clock", "clock", "after a long restart")

            # 2. The gem controller replica across a short restart.
            driver.get(f"http://127.0.0.1:{port}/gem_controller.html")
            wait_for("the gem replica to subscribe", lambda: text_of(driver, "status") == "subscribed")
            broadcast_until_seen(server, driver, "gem", "target", "before restart")
            server.stop()
            server.start()
            wait_for("the gem replica to notice the restart", lambda: text_of(driver, "status") == "closed")
            wait_for("the gem replica to resubscribe after 3 s", lambda: text_of(driver, "status") == "subscribed", timeout=10)
            broadcast_until_seen(server, driver, "gem", "target", "after a short restart")
        finally:
            driver.quit()
            server.stop()
    print("OK", flush=True)


if __name__ == "__main__":
    main()
