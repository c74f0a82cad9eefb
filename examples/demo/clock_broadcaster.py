#!/usr/bin/env python3
"""Broadcasts the time to the demo page's "clock" stream every second, as a Rails app would (spec Part C §1.7).

Run it beside Navigator (the sample configuration starts it as a managed process):
    python3 examples/demo/clock_broadcaster.py [http://localhost:3000/_broadcast]
The URL may also come from $TURBO_CABLE_BROADCAST_URL. Failures are printed and retried next second.
"""
import datetime
import json
import os
import sys
import time
import urllib.request

URL = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TURBO_CABLE_BROADCAST_URL", "http://localhost:3000/_broadcast")
STREAM = os.environ.get("CLOCK_STREAM", "clock")


def turbo_stream(now):
    """The gem's HTML shape for a replace action."""
    return (f'<turbo-stream action="replace" target="clock">\n  <template>\n'
            f'    <span id="clock">{now}</span>\n  </template>\n</turbo-stream>\n')


def main():
    while True:
        now = datetime.datetime.now().strftime("%H:%M:%S")
        body = json.dumps({"stream": STREAM, "data": turbo_stream(now)}).encode()
        request = urllib.request.Request(URL, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            urllib.request.urlopen(request, timeout=1).read()
        except Exception as error:  # the server may be restarting; try again next tick
            print(f"broadcast failed: {error}", flush=True)
        time.sleep(1 - time.time() % 1)


if __name__ == "__main__":
    main()
