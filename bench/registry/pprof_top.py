#!/usr/bin/env python3
"""Reads a Go CPU profile (the gzipped protobuf `/debug/pprof/profile` serves) without Go's own
tools, and prints the share of the CPU samples whose stack holds each function asked for
(cumulative time), or the top functions by cumulative time.

  pprof_top.py PROFILE [FUNCTION ...]     one line per FUNCTION: "share seconds name"
  pprof_top.py PROFILE --top N            the N functions with the most cumulative time

Only the parts of profile.proto needed are decoded: samples (location ids, values), locations
(their lines' function ids), functions (name index) and the string table.
"""
import collections
import gzip
import sys


def varint(buf, i):
    result = shift = 0
    while True:
        byte = buf[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def fields(buf):
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            n, i = varint(buf, i)
            value, i = buf[i:i + n], i + n
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def integers(wire, value):
    if wire == 0:
        return [value]
    out, i = [], 0
    while i < len(value):
        x, i = varint(value, i)
        out.append(x)
    return out


def load(path):
    with open(path, "rb") as f:
        data = gzip.decompress(f.read())
    samples, locations, functions, strings = [], {}, {}, []
    for number, wire, value in fields(data):
        if number == 2:  # Sample
            ids, values = [], []
            for n, w, v in fields(value):
                if n == 1:
                    ids += integers(w, v)
                elif n == 2:
                    values += integers(w, v)
            samples.append((ids, values))
        elif number == 4:  # Location
            lid, funcs = None, []
            for n, w, v in fields(value):
                if n == 1:
                    lid = v
                elif n == 4:  # Line
                    funcs += [v3 for n3, _, v3 in fields(v) if n3 == 1]
            locations[lid] = funcs
        elif number == 5:  # Function
            fid = name = None
            for n, w, v in fields(value):
                if n == 1:
                    fid = v
                elif n == 2:
                    name = v
            functions[fid] = name
        elif number == 6:
            strings.append(value.decode())
    cumulative, total = collections.Counter(), 0
    for ids, values in samples:
        nanos = values[-1]  # cpu nanoseconds
        total += nanos
        names = {strings[functions[f]] for lid in ids for f in locations.get(lid, [])}
        for name in names:
            cumulative[name] += nanos
    return cumulative, total


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cumulative, total = load(sys.argv[1])
    if len(sys.argv) == 4 and sys.argv[2] == "--top":
        chosen = [name for name, _ in cumulative.most_common(int(sys.argv[3]))]
    else:
        chosen = sys.argv[2:]
    print(f"{total / 1e9:.3f} s of CPU sampled")
    for name in chosen:
        nanos = cumulative.get(name, 0)
        print(f"{100 * nanos / max(total, 1):5.1f}% {nanos / 1e9:7.3f} s  {name}")


if __name__ == "__main__":
    main()
