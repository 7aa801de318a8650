#!/usr/bin/env python3
"""Times `skopeo copy` of a fresh 10-layer OCI image to two registries, interleaved: a plain
`docker-registry` with no authentication, and crossrole's registry with token authentication (login
`AWS` + the ECR password). Each run builds a new image (random layers) and pushes it to both, to a
repository name neither registry has seen (`bench-N`), so every blob is really uploaded; the order
alternates from run to run so that neither side always goes first. Every push runs with a fresh
HOME: no blob-info cache (which would turn uploads into cross-repository mounts) and no stored
login. One warm-up push to each side (not counted) comes first; crossrole's is run with --debug to
count the token round trips a push makes.

  push.py --plain HOST:PORT --crossrole HOST:PORT --password-file FILE --work DIR --out DIR
          [--runs 20] [--layers 10] [--layer-kb 256] [--account 111111111111]
          [--pids PLAIN_REGISTRY,CROSSROLE_REGISTRY,CROSSROLE_SERVER]

With --pids, the CPU time (user + system, from /proc) that each push costs the registry it goes
to and the crossrole server (the token endpoint, the registry's push event) is recorded too.

Writes OUT/pushes.txt (one line per push), OUT/push-requests.txt (the warm-up's requests by kind)
and prints the summary lines.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oci_image  # noqa: E402


def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    """User + system CPU time of a process so far, in milliseconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def push(work, layout, dest, password, debug=False):
    home = os.path.join(work, "home")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env["HOME"] = home
    env["REGISTRY_AUTH_FILE"] = os.path.join(home, "auth.json")
    cmd = ["skopeo", "--insecure-policy"] + (["--debug"] if debug else []) + ["copy", "--quiet"]
    if password is not None:
        cmd += ["--dest-creds", "AWS:" + password]
    cmd += ["--dest-tls-verify=false", f"oci:{layout}:1", "docker://" + dest]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=120)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"push to {dest} failed ({r.returncode}): {r.stderr[-2000:]}")
    return elapsed * 1000, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plain", required=True)
    ap.add_argument("--crossrole", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--layers", type=int, default=10)
    ap.add_argument("--layer-kb", type=int, default=256)
    ap.add_argument("--account", default="111111111111")
    ap.add_argument("--pids")
    a = ap.parse_args()
    pids = dict(zip(("plain", "crossrole", "server"), a.pids.split(","))) if a.pids else {}
    with open(a.password_file) as f:
        password = f.read().strip()

    def dests(name):
        return {"plain": (f"{a.plain}/{name}:1", None),
                "crossrole": (f"{a.crossrole}/{a.account}/ourthing/{name}:1", password)}

    layout = os.path.join(a.work, "image")
    shutil.rmtree(layout, ignore_errors=True)
    digest, size = oci_image.write(layout, "1", a.layers, a.layer_kb)
    d = dests("app")
    push(a.work, layout, d["plain"][0], None)
    _, log = push(a.work, layout, d["crossrole"][0], password, debug=True)
    kinds = Counter()
    for m in re.finditer(r'msg="(GET|PUT|POST|HEAD|PATCH|DELETE) (\S+?)"', log):
        url = re.sub(r"sha256:[0-9a-f]+", "DIGEST", m.group(2))
        url = re.sub(r"uploads/[^?]*", "uploads/ID", url).split("?")[0]
        kinds[f"{m.group(1)} {url}"] += 1
    pings = len(re.findall(r"Ping \S+ status 401", log))
    with open(os.path.join(a.out, "push-requests.txt"), "w") as f:
        f.write(f"HTTP requests of one push to crossrole's registry ({a.layers} layers), from "
                f"skopeo --debug; pings answered 401 (token challenge): {pings}\n")
        for k, n in sorted(kinds.items(), key=lambda kv: kv[0]):
            f.write(f"{n:5d} {k}\n")
    tokens = sum(n for k, n in kinds.items() if "/registry/token" in k)
    total = sum(kinds.values())

    times = {"plain": [], "crossrole": []}
    cpu = {"plain": [], "crossrole": []}
    server_cpu = {"plain": [], "crossrole": []}
    with open(os.path.join(a.out, "pushes.txt"), "w") as f:
        f.write(f"# run side ms registry_cpu_ms server_cpu_ms (image: {a.layers} layers of "
                f"{a.layer_kb} KiB random data, {size} bytes of blobs)\n")
        for i in range(1, a.runs + 1):
            shutil.rmtree(layout, ignore_errors=True)
            oci_image.write(layout, "1", a.layers, a.layer_kb)
            d = dests(f"bench-{i}")
            order = ["plain", "crossrole"] if i % 2 else ["crossrole", "plain"]
            for side in order:
                before = {k: cpu_ms(v) for k, v in pids.items()}
                ms, _ = push(a.work, layout, d[side][0], d[side][1])
                after = {k: cpu_ms(v) for k, v in pids.items()}
                times[side].append(ms)
                line = f"{i} {side} {ms:.1f}"
                if pids:
                    cpu[side].append(after[side] - before[side])
                    server_cpu[side].append(after["server"] - before["server"])
                    line += f" {cpu[side][-1]:.0f} {server_cpu[side][-1]:.0f}"
                f.write(line + "\n")
    shutil.rmtree(layout, ignore_errors=True)

    diffs = [c - p for c, p in zip(times["crossrole"], times["plain"])]
    lines = [f"push of a {a.layers}-layer image ({a.layers} × {a.layer_kb} KiB random, "
             f"{size / 1048576:.1f} MiB of blobs), skopeo copy, {a.runs} runs each, interleaved:"]
    for side in ("plain", "crossrole"):
        v = times[side]
        lines.append(f"  {side:9s} median {statistics.median(v):7.1f} ms  p90 "
                     f"{percentile(v, 90):7.1f} ms  mean {statistics.mean(v):7.1f} ms  "
                     f"min {min(v):7.1f} ms  max {max(v):7.1f} ms")
    lines.append(
        f"  difference (crossrole - plain): of the medians "
        f"{statistics.median(times['crossrole']) - statistics.median(times['plain']):+.1f} ms, "
        f"of the p90s {percentile(times['crossrole'], 90) - percentile(times['plain'], 90):+.1f} ms, "
        f"median of the paired run differences {statistics.median(diffs):+.1f} ms")
    if pids:
        mean = statistics.mean
        lines.append(
            f"  CPU per push (mean; {TICK_MS:.0f} ms ticks): registry {mean(cpu['plain']):.1f} ms "
            f"without authentication, {mean(cpu['crossrole']):.1f} ms with "
            f"({mean(cpu['crossrole']) - mean(cpu['plain']):+.1f} ms); crossrole server "
            f"{mean(server_cpu['crossrole']):.1f} ms for a push with authentication (token, "
            f"push event), {mean(server_cpu['plain']):.1f} ms for one without (push event)")
    lines.append(f"  a push to crossrole's registry: {total} HTTP requests, of which {tokens} to "
                 f"the token endpoint and {pings} ping answered 401; every other request "
                 f"carries the bearer token the registry verifies")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
