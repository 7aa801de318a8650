#!/usr/bin/env python3
"""Summarises paired.sh's output: per variant the median req/s and CPU µs a request, and against
BASE the median of the per-round ratios with their interquartile range (the first two rounds, still
warming up, left out).

  paired_summary.py RESULTS BASE
"""
import collections
import statistics
import sys

rows = [line.split() for line in open(sys.argv[1]) if line[:1].isdigit()]
base = sys.argv[2]
rounds = collections.defaultdict(dict)
for r, variant, rps, nanos in rows:
    rounds[int(r)][variant] = (float(rps), int(nanos) / 1000)
variants = sorted({row[1] for row in rows})
for v in variants:
    xs = [rounds[r][v] for r in rounds if v in rounds[r]]
    print(f"{v}: {statistics.median(x[0] for x in xs):,.0f} req/s, "
          f"{statistics.median(x[1] for x in xs):.1f} µs CPU a request (medians of {len(xs)} bursts)")
for v in variants:
    if v == base:
        continue
    paired = [r for r in rounds if r > 2 and v in rounds[r] and base in rounds[r]]
    for i, what in ((0, "req/s"), (1, "CPU a request")):
        ratios = [rounds[r][v][i] / rounds[r][base][i] for r in paired]
        q = statistics.quantiles(ratios, n=4)
        print(f"{v}/{base} {what}: median ratio {statistics.median(ratios):.3f} "
              f"(IQR {q[0]:.3f}–{q[2]:.3f}, {len(ratios)} rounds)")
