"""What the headless-Chromium scripts share: failing with a reason, waiting for a condition, starting Chromium.

A missing chromium, chromedriver or selenium is a failure, never a skip (scripts/test.sh installs them)."""
import shutil, sys, time


def fail(reason):
    print(f"FAIL: {reason}", flush=True)
    sys.exit(1)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
except ImportError:
    fail("python selenium is missing (pip install selenium; scripts/test.sh installs it)")


def wait_for(description, condition, timeout=15):
    """Waits until `condition()` is truthy (exceptions count as not yet); returns its value or fails."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.05)
    fail(f"timed out waiting for {description}")


def browser(*extra_arguments):
    """Headless Chromium through chromedriver."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        fail("chromium and chromedriver are required (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = binary
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", *extra_arguments]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(driver), options=options)
