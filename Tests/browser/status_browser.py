#!/usr/bin/env python3
"""The status page in a real headless Chromium against the real navigator binary (issue 18): the page shows the
fixture tenant `stopped`, a request through the main listener starts it, and the row turns `running` through the
page's live feed (the page has no polling loop: it loads the JSON once, then follows the server's pushes).

Usage: status_browser.py --binary PATH --screenshot PNG. Exits 0 printing OK, 1 with a reason otherwise — including
when chromium, chromedriver or selenium is missing (the test must fail, not skip).
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


sys.path.insert(0, HERE)
from browser_support import browser, fail, wait_for  # noqa: E402


def tenant_state(driver):
    cells = driver.execute_script(
        "const row = document.querySelector('#tenants tr[data-tenant=\"/app/\"]');"
        "return row ? row.cells[1].textContent : null;")
    return cells


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--screenshot", required=True)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="navigator-status-")
    with open(os.path.join(work, "navigator.yml"), "w") as f:
        f.write(f"""server:
  listen: "127.0.0.1:0"
metrics:
  listen: "127.0.0.1:0"
applications:
  pools:
    start_port: 37500
  tenants:
    - path: /app/
      root: {ROOT}/Tests/Fixtures
      runtime: python3
      server: upstream.py
      args: []
      health_check: /up
""")
    log_path = os.path.join(work, "navigator.log")
    log = open(log_path, "w")
    server = subprocess.Popen([args.binary, "--pid-file", os.path.join(work, "n.pid"), "navigator.yml"],
                              cwd=work, stdout=log, stderr=subprocess.STDOUT)
    driver = None
    try:
        def ports():
            text = open(log_path).read()
            main_port = re.search(r'Server listening" address=127\.0\.0\.1:(\d+)', text)
            metrics_port = re.search(r'Metrics listening" address=127\.0\.0\.1:(\d+)', text)
            return (main_port.group(1), metrics_port.group(1)) if main_port and metrics_port else None
        main_port, metrics_port = wait_for("both listeners", ports)
        driver = browser("--window-size=900,600")
        driver.get(f"http://127.0.0.1:{metrics_port}/status")
        wait_for("the tenant shown stopped", lambda: tenant_state(driver) == "stopped", timeout=30)
        wait_for("the live feed", lambda: driver.execute_script("return document.getElementById('feed').textContent") == "live")
        with urllib.request.urlopen(f"http://127.0.0.1:{main_port}/app/whoami", timeout=60) as response:
            if response.status != 200:
                fail(f"the tenant answered {response.status}")
        wait_for("the tenant shown running (pushed by the feed)", lambda: tenant_state(driver) == "running", timeout=30)
        os.makedirs(os.path.dirname(os.path.abspath(args.screenshot)), exist_ok=True)
        driver.save_screenshot(args.screenshot)
        print("OK", flush=True)
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
