#!/usr/bin/env python3
"""Where a push's time goes, from the two registries' own logs (distribution's text log at level
info: one line per request with its duration, and, with token auth, one per challenge).

  registry_logs.py CROSSROLE_REGISTRY_LOG PLAIN_REGISTRY_LOG

For the timed pushes (repositories bench-N): the "login" phase, from the end of the /v2/ ping (401
with a challenge on crossrole's side, 200 on the plain one) to the start of the first repository
request, which on crossrole's side holds the token round trip; the span from the first repository
request to the end of the last; and the sum of the requests' durations inside the registry (its
bearer-token check is in each of them). Medians over the pushes.
"""
import re
import statistics
import sys

TIME = re.compile(r'time="\d+-\d+-\d+T(\d+):(\d+):(\d+)\.(\d+)Z')
DURATION = re.compile(r'http\.response\.duration="?([0-9.]+)(ms|µs|s)')
URI = re.compile(r'http\.request\.uri="?([^" ]+)')
UNIT = {"ms": 1e-3, "µs": 1e-6, "s": 1.0}


def requests(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "response completed" not in line and "error authorizing" not in line:
                continue
            t, u = TIME.search(line), URI.search(line)
            if not t or not u:
                continue
            end = int(t[1]) * 3600 + int(t[2]) * 60 + int(t[3]) + float("0." + t[4])
            d = DURATION.search(line)
            duration = float(d[1]) * UNIT[d[2]] if d else 0.0
            out.append((end - duration, end, duration, u[1]))
    out.sort()
    return out


def phases(path):
    rows = requests(path)
    login, span, busy = [], [], []
    by_run = {}
    for i, (start, end, duration, uri) in enumerate(rows):
        m = re.search(r"/bench-(\d+)/", uri)
        if m:
            by_run.setdefault(m[1], []).append((start, end, duration))
        elif uri == "/v2/" and i + 1 < len(rows) and "/bench-" in rows[i + 1][3]:
            login.append((rows[i + 1][0] - end) * 1000)
    for run in by_run.values():
        span.append((max(r[1] for r in run) - min(r[0] for r in run)) * 1000)
        busy.append(sum(r[2] for r in run) * 1000)
    n = statistics.median(len(r) for r in by_run.values()) if by_run else 0
    return login, span, busy, n


def main():
    cr, plain = phases(sys.argv[1]), phases(sys.argv[2])
    med = lambda v: statistics.median(v) if v else float("nan")  # noqa: E731
    print(f"from the registries' logs, medians over {len(cr[1])} pushes:")
    print(f"  login (ping end -> first repository request): crossrole {med(cr[0]):.1f} ms, "
          f"plain {med(plain[0]):.1f} ms: {med(cr[0]) - med(plain[0]):+.1f} ms")
    print(f"  first to last repository request: crossrole {med(cr[1]):.1f} ms, "
          f"plain {med(plain[1]):.1f} ms: {med(cr[1]) - med(plain[1]):+.1f} ms")
    print(f"  sum of the {cr[3]:.0f} requests' durations in the registry: crossrole "
          f"{med(cr[2]):.1f} ms, plain {med(plain[2]):.1f} ms: {med(cr[2]) - med(plain[2]):+.1f} ms "
          f"({(med(cr[2]) - med(plain[2])) / max(1, cr[3]) * 1000:+.0f} µs a request)")


if __name__ == "__main__":
    main()
