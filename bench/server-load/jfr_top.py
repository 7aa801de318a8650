#!/usr/bin/env python3
"""Summarises the jdk.ExecutionSample events of a JFR recording.

  jfr_top.py RECORDING.jfr [--top 25]

Prints the number of samples, the share of samples whose stack holds a frame of each area (store =
dev.crossrole.store, HikariCP, H2 or java.sql; a sample may count in several areas), the methods
most often on top of the stack (self time) and the crossrole methods most often anywhere on the
stack (inclusive time). Reads `jfr print --json --stack-depth 256 --events jdk.ExecutionSample`.
"""
import argparse
import collections
import json
import subprocess

AREAS = [
    ("store: JDBC, HikariCP, H2", ("dev.crossrole.store.", "com.zaxxer.hikari.", "org.h2.", "java.sql.")),
    ("SigV4 verification", ("dev.crossrole.server.internal.sigv4.",)),
    ("policy engine", ("dev.crossrole.policy.",)),
    ("core (authorizer, tokens, crypto)", ("dev.crossrole.core.",)),
    ("JCE (AES-GCM, HMAC, SHA-256, SecureRandom)", ("com.sun.crypto.", "javax.crypto.", "sun.security.", "java.security.")),
    ("Query/XML protocol", ("dev.crossrole.server.internal.query.",)),
    ("Jetty", ("org.eclipse.jetty.",)),
]


def name(frame):
    m = frame["method"]
    return (m["type"]["name"] + "." + m["name"]).replace("/", ".")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", a.recording],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    n = len(events)
    self_counts = collections.Counter()
    incl = collections.Counter()
    areas = collections.Counter()
    threads = collections.Counter()
    for e in events:
        frames = [name(f) for f in (e["values"]["stackTrace"] or {}).get("frames", [])]
        t = e["values"].get("sampledThread") or {}
        threads[(t.get("javaName") or t.get("osName") or "?").rstrip("0123456789")] += 1
        if frames:
            self_counts[frames[0]] += 1
        for label, prefixes in AREAS:
            if any(f.startswith(prefixes) for f in frames):
                areas[label] += 1
        for f in set(frames):
            if f.startswith("dev.crossrole."):
                incl[f] += 1
    pct = lambda c: f"{100.0 * c / n:5.1f}%" if n else "  n/a"
    print(f"{n} execution samples")
    print("threads: " + ", ".join(f"{t}* {c}" for t, c in threads.most_common(6)))
    print("\nsamples whose stack holds a frame of:")
    for label, _ in AREAS:
        print(f"  {pct(areas[label])}  {areas[label]:6d}  {label}")
    print(f"\ntop {a.top} methods on top of the stack (self):")
    for f, c in self_counts.most_common(a.top):
        print(f"  {pct(c)}  {f}")
    print(f"\ntop {a.top} crossrole methods anywhere on the stack (inclusive):")
    for f, c in incl.most_common(a.top):
        print(f"  {pct(c)}  {f}")


if __name__ == "__main__":
    main()
