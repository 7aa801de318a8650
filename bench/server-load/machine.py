#!/usr/bin/env python3
"""CPU use of processes that are not the benchmark's own, from /proc.

  machine.py wait-quiet --self PID [--max-wait 600] [--threshold 15]
      waits until processes other than PID and its descendants used less than THRESHOLD % of one
      core over a 5-second window (at most MAX-WAIT seconds; exits 0 either way and says which).
  machine.py monitor --self PID --out FILE [--interval 5] [--count 720]
      appends one line per interval: the CPU % of the benchmark's own processes, the foreign CPU %,
      the hypervisor's steal (% of all CPU time, from /proc/stat) and the busiest foreign
      processes (% of one core). Stops after COUNT lines or when PID is gone.
"""
import argparse
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def snapshot():
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                s = f.read()
        except OSError:
            continue
        r = s.rindex(")")
        comm = s[s.index("(") + 1 : r]
        fields = s[r + 2 :].split()
        ppid = int(fields[1])
        cpu = int(fields[11]) + int(fields[12])  # utime + stime
        start = int(fields[19])  # starttime: tells a reused pid from the old process
        procs[int(name)] = (ppid, comm, cpu, start)
    return procs


def descendants(procs, root):
    own = {root}
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _, _, _) in procs.items():
            if ppid in own and pid not in own:
                own.add(pid)
                changed = True
    return own


def cpu_line():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return v[7], sum(v)  # steal, total (user nice system idle iowait irq softirq steal)


def window(root, seconds):
    a = snapshot()
    s0, t0 = cpu_line()
    time.sleep(seconds)
    s1, t1 = cpu_line()
    b = snapshot()
    window.steal = 100.0 * (s1 - s0) / max(1, t1 - t0)
    own = descendants(b, root) | descendants(a, root)
    foreign, mine = {}, 0.0
    for pid, (_, comm, cpu, start) in b.items():
        # A kernel worker renames itself after its current work queue, so match on pid and start.
        if pid in a and a[pid][3] == start:
            d = (cpu - a[pid][2]) / TICK / seconds * 100
        else:
            d = cpu / TICK / seconds * 100  # started inside the window: all of it
        if d <= 0:
            continue
        if pid in own:
            mine += d
        else:
            foreign[(pid, comm)] = d
    return foreign, mine


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["wait-quiet", "monitor"])
    ap.add_argument("--self", type=int, required=True)
    ap.add_argument("--max-wait", type=int, default=600)
    ap.add_argument("--threshold", type=float, default=15.0)
    ap.add_argument("--out")
    ap.add_argument("--interval", type=float, default=5.0)
    ap.add_argument("--count", type=int, default=720)
    a = ap.parse_args()
    if a.mode == "wait-quiet":
        deadline = time.time() + a.max_wait
        while True:
            foreign, _ = window(a.self, 5)
            total = sum(foreign.values())
            if total < a.threshold:
                print(f"quiet: other processes used {total:.0f}% of a core over 5 s")
                return
            if time.time() > deadline:
                top = sorted(foreign.items(), key=lambda kv: -kv[1])[:3]
                print(f"NOT quiet after {a.max_wait} s: other processes used {total:.0f}% "
                      + ", ".join(f"{c}[{p}] {v:.0f}%" for (p, c), v in top))
                return
    else:
        with open(a.out, "a") as out:
            for _ in range(a.count):
                if not os.path.exists(f"/proc/{a.self}"):
                    return
                foreign, mine = window(a.self, a.interval)
                top = sorted(foreign.items(), key=lambda kv: -kv[1])[:3]
                out.write(
                    time.strftime("%H:%M:%S")
                    + f" benchmark {mine:5.0f}%  others {sum(foreign.values()):5.0f}%"
                    + f"  steal {window.steal:4.1f}%  "
                    + ", ".join(f"{c}[{p}] {v:.0f}%" for (p, c), v in top if v >= 1)
                    + "\n"
                )
                out.flush()


if __name__ == "__main__":
    sys.exit(main())
