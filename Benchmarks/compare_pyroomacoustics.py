#!/usr/bin/env python3
"""Side-by-side room-simulation benchmark: pyroomacoustics 0.10.1 against soundstage-bench.

Same case for both: shoebox 6 x 4.5 x 2.7 m, uniform absorption from Sabine RT60 0.5 s, one band,
48 kHz, 81-tap fractional delay, no air absorption, no late tail, images covering 0.5 s; one
receiver, then a 10 x 10 grid at 1.2 m. pyroomacoustics is installed in a throwaway venv; it is
not a dependency of Soundstage.

    python3 -m venv /tmp/pra-venv && /tmp/pra-venv/bin/pip install pyroomacoustics==0.10.1
    swift build -c release --product soundstage-bench
    /tmp/pra-venv/bin/python Benchmarks/compare_pyroomacoustics.py
"""
import json
import resource
import subprocess
import sys
import time

import numpy as np
import pyroomacoustics as pra

DIMS = [6.0, 4.5, 2.7]
SOURCE = [2.0, 1.5, 1.5]
FS = 48000


def grid():
    return [[0.5 + 0.5 * (i % 10) + 0.05, 0.4 + 0.37 * (i // 10), 1.2] for i in range(100)]


def pra_room(mics):
    e_absorption, max_order = pra.inverse_sabine(0.5, DIMS)
    room = pra.ShoeBox(DIMS, fs=FS, materials=pra.Material(e_absorption), max_order=max_order,
                       air_absorption=False)
    room.add_source(SOURCE)
    room.add_microphone_array(np.array(mics).T)
    return room, max_order


def time_pra(mics, repeats):
    times = []
    for _ in range(repeats):
        room, order = pra_room(mics)
        start = time.perf_counter()
        room.compute_rir()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], order


def peak_mb_of(command):
    """Peak resident memory in MB of a child process (GNU time)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024, out.stdout


def main():
    bench = sys.argv[1] if len(sys.argv) > 1 else ".build/release/soundstage-bench"
    one, order = time_pra([[4.1, 3.2, 1.2]], 5)
    many, _ = time_pra(grid(), 1)
    pra_mem = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours = {}
    mem = {}
    for case in ["rir-one", "rir-grid"]:
        mem[case], stdout = peak_mb_of([bench, case])
        ours[case] = json.loads(stdout.strip().splitlines()[-1])
    print(f"pyroomacoustics {pra.__version__}: max_order {order}")
    print(f"one receiver : pyroomacoustics {one:.3f} s, soundstage {ours['rir-one']['median_s']:.4f} s "
          f"-> {one / ours['rir-one']['median_s']:.1f}x")
    print(f"100 receivers: pyroomacoustics {many:.3f} s (process peak {pra_mem:.0f} MB), "
          f"soundstage {ours['rir-grid']['median_s']:.3f} s (peak {mem['rir-grid']:.0f} MB) "
          f"-> {many / ours['rir-grid']['median_s']:.1f}x")


if __name__ == "__main__":
    main()
