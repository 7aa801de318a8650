#!/usr/bin/env python3
"""Times a server from process start to its `ready` line, then stops it with SIGTERM.

  startup.py --runs 5 [--fresh] --data DIR -- COMMAND... (with {data} standing for the data dir)

With --fresh, every run gets a new empty directory DIR/run-N; otherwise every run reuses DIR.
Prints one line per run (ms to ready, RSS at the ready line, ms to exit after SIGTERM,
exit status) and the median. Each run is bounded: 30 s to ready, 30 s to exit.
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def one(cmd, data):
    argv = [a.replace("{data}", data) for a in cmd]
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready = threading.Event()
    lines = []

    def read():
        for line in p.stdout:
            lines.append(line)
            if "ready" in line and not ready.is_set():
                ready.t = time.monotonic()
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready.wait(30):
        p.kill()
        p.wait()
        raise SystemExit("no ready line within 30 s:\n" + "".join(lines[-20:]))
    to_ready = (ready.t - t0) * 1000
    rss = rss_kb(p.pid)
    t1 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    try:
        code = p.wait(30)
    except subprocess.TimeoutExpired:
        p.kill()
        code = "killed after 30 s"
    to_exit = (time.monotonic() - t1) * 1000
    reader.join(5)
    return to_ready, rss, to_exit, code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--data", required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not 1 <= a.runs <= 50:
        raise SystemExit("--runs must be 1-50")
    times = []
    for i in range(1, a.runs + 1):
        data = os.path.join(a.data, f"run-{i}") if a.fresh else a.data
        if a.fresh and os.path.exists(data):
            raise SystemExit(f"{data} exists; --fresh wants a new directory")
        to_ready, rss, to_exit, code = one(cmd, data)
        times.append(to_ready)
        print(f"run {i}: ready after {to_ready:.0f} ms, RSS at ready {rss / 1024:.0f} MB,"
              f" exited {to_exit:.0f} ms after SIGTERM with status {code}", flush=True)
    print(f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms,"
          f" max {max(times):.0f} ms to ready ({'fresh' if a.fresh else 'existing'} data directory)")


if __name__ == "__main__":
    sys.exit(main())
