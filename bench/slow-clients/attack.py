#!/usr/bin/env python3
"""One slow-client attack on a crossrole server, with /health probed throughout.

silent:  CONNECTIONS connections each send headers promising Content-Length: 100000 and 10 bytes
         of body, then nothing.
trickle: CONNECTIONS connections each send the same headers, then one byte every INTERVAL seconds.

Meanwhile GET /health is sent on a new connection every PROBE seconds, each bounded by a 30 s
timeout. Prints the probe latencies (p50, p99, max), failed probes, and how the server ended the
attackers' requests (their answers' status codes, or still open). Loopback only, bounded in time.
"""
import argparse
import asyncio
import collections
import statistics
import time

HEAD = (
    "POST / HTTP/1.1\r\nHost: {host}:{port}\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
)


async def attacker(args, stop, outcome):
    try:
        reader, writer = await asyncio.open_connection(args.host, args.port)
    except OSError as e:
        outcome["connect failed: " + type(e).__name__] += 1
        return
    try:
        writer.write(HEAD.format(host=args.host, port=args.port).encode())
        writer.write(b"Action=Get" if args.mode == "silent" else b"A")
        await writer.drain()
        answer = asyncio.ensure_future(reader.readline())
        while not stop.is_set():
            done, _ = await asyncio.wait({answer}, timeout=args.interval)
            if done:
                break
            if args.mode == "trickle":
                writer.write(b"c")
                await writer.drain()
        if answer.done():
            line = answer.result().decode(errors="replace").split(" ")
            outcome[("answered " + line[1]) if len(line) > 1 else "closed"] += 1
        else:
            answer.cancel()
            outcome["still open"] += 1
    except (OSError, asyncio.IncompleteReadError) as e:
        outcome["dropped: " + type(e).__name__] += 1
    finally:
        writer.close()


async def probe(args):
    start = time.monotonic()
    reader, writer = await asyncio.open_connection(args.host, args.port)
    writer.write(f"GET /health HTTP/1.1\r\nHost: {args.host}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    status = (await reader.readline()).decode().split(" ")[1]
    await reader.read()
    writer.close()
    return status, time.monotonic() - start


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mode", choices=["silent", "trickle"], required=True)
    p.add_argument("--connections", type=int, required=True)
    p.add_argument("--interval", type=float, default=5.0, help="seconds between trickled bytes")
    p.add_argument("--duration", type=float, required=True, help="seconds the attack lasts")
    p.add_argument("--probe", type=float, default=0.5, help="seconds between /health probes")
    args = p.parse_args()
    assert args.host in ("127.0.0.1", "::1", "localhost"), "loopback only"
    assert args.duration <= 600 and args.connections <= 2000

    stop = asyncio.Event()
    outcome = collections.Counter()
    attackers = [asyncio.ensure_future(attacker(args, stop, outcome)) for _ in range(args.connections)]
    await asyncio.sleep(1)  # let the connections open and send before the first probe
    latencies, failures = [], collections.Counter()
    deadline = time.monotonic() + args.duration
    while time.monotonic() < deadline:
        try:
            status, seconds = await asyncio.wait_for(probe(args), timeout=30)
            latencies.append(seconds)
            if status != "200":
                failures["status " + status] += 1
        except asyncio.TimeoutError:
            failures["no answer within 30 s"] += 1
        except OSError as e:
            failures[type(e).__name__] += 1
        await asyncio.sleep(args.probe)
    stop.set()
    await asyncio.gather(*attackers)

    ms = sorted(1000 * s for s in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else float("nan")
    print(
        f"{args.mode}: {args.connections} connections, {args.duration:.0f} s"
        + (f", a byte every {args.interval:g} s" if args.mode == "trickle" else "")
    )
    print(
        f"  /health: {len(ms)} probes, p50 {statistics.median(ms) if ms else float('nan'):.1f} ms,"
        f" p99 {p99:.1f} ms, max {ms[-1] if ms else float('nan'):.1f} ms,"
        f" failed {sum(failures.values())} {dict(failures) if failures else ''}"
    )
    print("  attackers: " + ", ".join(f"{k} {v}" for k, v in sorted(outcome.items())))


asyncio.run(main())
