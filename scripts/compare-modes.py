#!/usr/bin/env python3
"""Compares two modes' rows of a sweep's results.csv, column by column, as text (bit for bit).

usage: compare-modes.py RESULTS.csv MODE_A MODE_B [--differ]
Exit 0 when every metric of every (room, seat) row is the same text for both modes (with --differ:
when at least one differs); otherwise prints the first differences and exits 1.
"""
import csv
import sys


def main():
    path, a, b = sys.argv[1:4]
    want_differ = "--differ" in sys.argv[4:]
    rows = list(csv.DictReader(open(path)))
    place = [c for c in ("room", "seat", "x", "y", "z") if c in rows[0]]
    by_mode = {m: {tuple(r[c] for c in place): r for r in rows if r["mode"] == m} for m in (a, b)}
    if not by_mode[a] or by_mode[a].keys() != by_mode[b].keys():
        print(f"compare-modes: {a} and {b} do not cover the same seats")
        sys.exit(1)
    metrics = [c for c in rows[0] if c not in place and c != "mode"]
    differences = [(k, c, by_mode[a][k][c], by_mode[b][k][c])
                   for k in by_mode[a] for c in metrics if by_mode[a][k][c] != by_mode[b][k][c]]
    if want_differ:
        if differences:
            print(f"compare-modes: {a} and {b} differ in {len(differences)} values, as they should")
            sys.exit(0)
        print(f"compare-modes: {a} and {b} are identical, expected them to differ")
        sys.exit(1)
    for k, c, x, y in differences[:10]:
        print(f"compare-modes: {k} {c}: {a} {x} vs {b} {y}")
    print(f"compare-modes: {a} and {b}: {len(by_mode[a])} rows × {len(metrics)} metrics, {len(differences)} differ")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
