#!/usr/bin/env python3
"""`make bench`: soundstage against pyroomacoustics, side by side in one run, as one table.

Cases (the peers' benchmark room: shoebox 6 x 4.5 x 2.7 m, uniform absorption from Sabine RT60 0.5 s
(pyroomacoustics' inverse_sabine), one band, no air, no late tail, every image within 0.5 s, 48 kHz,
81-tap fractional delays, source (2, 1.5, 1.5)):

  1. one receiver (4.1, 3.2, 1.2): `soundstage rir` as a whole process less the start-up of
     `soundstage --version` (the median of 21 differences, the two run in turns), against
     pyroomacoustics' `compute_rir()` (median of 5, in-process, as its users call it) and its whole
     script as a process;
  2. 100 receivers (10 x 10 grid at 1.2 m): `soundstage rir --receivers` as a whole process against
     one 100-microphone `compute_rir()`, with each process's peak memory (GNU time);
  3. the in-process figures of soundstage-bench (rir-one, rir-grid);
  4. agreement of the one-receiver responses, so speed is never bought with a wrong answer: the
     direct sound's sample, the energy 0-50 ms and 50-450 ms after it relative to pyroomacoustics',
     and the correlation of the whole responses (pyroomacoustics' default 15 Hz RIR high-pass is
     switched off for this comparison only: soundstage keeps the image sum's DC build-up unless
     `--high-pass` is given, and the two would differ below 100 Hz);
  5. the default study (`soundstage sweep Studies/default.yaml`, 675 seats x 5 modes): seats/s.

pyroomacoustics lives in a throwaway venv (.build/bench-venv, created on first use); it is not a
dependency of Soundstage.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, ".build/release/soundstage")
BENCH = os.path.join(HERE, ".build/release/soundstage-bench")
VENV = os.path.join(ROOT, ".build/bench-venv")
PYTHON = os.path.join(VENV, "bin/python")
DIMS, SOURCE, RECEIVER, FS = [6.0, 4.5, 2.7], [2.0, 1.5, 1.5], [4.1, 3.2, 1.2], 48000

PRA_CASE = """
import json, resource, sys, time
import numpy as np, pyroomacoustics as pra
dims, source, fs = {dims}, {source}, {fs}
mics = json.loads(sys.argv[1])
if len(sys.argv) > 3:  # the agreement run: without pyroomacoustics' default RIR high-pass (15 Hz, zero phase)
    pra.constants.set("rir_hpf_enable", False)
alpha, order = pra.inverse_sabine(0.5, dims)
times = []
for _ in range(int(sys.argv[2])):
    room = pra.ShoeBox(dims, fs=fs, materials=pra.Material(alpha), max_order=order, air_absorption=False)
    room.add_source(source)
    room.add_microphone_array(np.array(mics).T)
    start = time.perf_counter()
    room.compute_rir()
    times.append(time.perf_counter() - start)
if len(sys.argv) > 3:
    np.save(sys.argv[3], np.asarray(room.rir[0][0], dtype=float))
print(json.dumps({{"median_s": sorted(times)[len(times) // 2], "alpha": alpha, "order": order,
                  "version": pra.__version__}}))
""".format(dims=DIMS, source=SOURCE, fs=FS)


def ensure_venv():
    if not os.path.exists(PYTHON):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    probe = subprocess.run([PYTHON, "-c", "import pyroomacoustics"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "pyroomacoustics==0.10.1"], check=True)


def wall(command, repeats):
    """Median wall time of `command` as a whole process, seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_wall(baseline, command, repeats):
    """(median wall of `baseline`, of `command`, median of their differences), seconds: the two run in
    turns, so each difference is taken at one moment of this machine's load (sequential blocks of
    runs drifted apart by milliseconds on busy hours)."""
    pairs = []
    for _ in range(repeats):
        pairs.append((wall(baseline, 1), wall(command, 1)))
    return (statistics.median(b for b, _ in pairs), statistics.median(c for _, c in pairs),
            statistics.median(c - b for b, c in pairs))


def timed_process(command):
    """(wall seconds, peak resident MB, stdout) of one run under GNU time."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(out.stderr.strip().splitlines()[-1]) / 1024, out.stdout


def read_wav(path):
    import numpy as np
    data = open(path, "rb").read()
    i = 12
    while i < len(data):
        chunk, size = data[i:i + 4], int.from_bytes(data[i + 4:i + 8], "little")
        if chunk == b"data":
            return np.frombuffer(data[i + 8:i + 8 + size], dtype="<f4").astype(float)
        i += 8 + size + (size & 1)
    raise ValueError(f"{path}: no data chunk")


def agreement(ours, theirs):
    """Direct-sound samples, energy ratios ours/theirs 0-50 ms and 50-450 ms after it, correlation."""
    import numpy as np
    n = min(len(ours), len(theirs))
    ours, theirs = np.asarray(ours[:n]), np.asarray(theirs[:n])
    direct = int(np.argmax(np.abs(ours[:int(0.02 * FS)])))
    theirs_direct = int(np.argmax(np.abs(theirs[:int(0.02 * FS)])))
    def ratio(t0, t1):
        a, b = direct + int(t0 * FS), direct + int(t1 * FS)
        return float(np.sum(ours[a:b] ** 2) / np.sum(theirs[a:b] ** 2))
    return direct, theirs_direct, ratio(0, 0.05), ratio(0.05, 0.45), float(np.corrcoef(ours, theirs)[0, 1])


def main():
    ensure_venv()
    # SwiftPM keeps this package's build plan across runs and does not notice files added to or
    # removed from the root package it depends on by path (a removed file fails the build with
    # "missing inputs", an added one with "cannot find ... in scope"); the plan is rebuilt in seconds.
    stale_plan = os.path.join(HERE, ".build", "release.yaml")
    if os.path.exists(stale_plan):
        os.remove(stale_plan)
    subprocess.run(["swift", "build", "-c", "release", "--package-path", HERE, "--product", "soundstage-bench"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        grid = [[0.5 + 0.5 * (i % 10) + 0.05, 0.4 + 0.37 * (i // 10), 1.2] for i in range(100)]
        one = json.loads(subprocess.run([PYTHON, "-c", PRA_CASE, json.dumps([RECEIVER]), "5"],
                                        capture_output=True, text=True, check=True).stdout)
        subprocess.run([PYTHON, "-c", PRA_CASE, json.dumps([RECEIVER]), "1", f"{tmp}/pra.npy"], check=True,
                       capture_output=True)
        room = f"{tmp}/room.yaml"
        with open(room, "w") as f:
            f.write(f"name: bench\nshape: shoebox\ndimensions: {DIMS}\nabsorption: {one['alpha']}\n"
                    "simulation: {duration: 0.5}\n")
        with open(f"{tmp}/grid.csv", "w") as f:
            f.write("x,y,z\n" + "".join(f"{x},{y},{z}\n" for x, y, z in grid))
        rir = [BIN, "rir", room, "--source", ",".join(map(str, SOURCE)), "--no-tail", "--no-air"]
        startup, ours_one, less = paired_wall(
            [BIN, "--version"], rir + ["--receiver", ",".join(map(str, RECEIVER)), "--out", f"{tmp}/one.wav"], 21)
        pra_process = wall([PYTHON, "-c", PRA_CASE, json.dumps([RECEIVER]), "1"], 3)
        ours_grid, ours_grid_mb, _ = timed_process(rir + ["--receivers", f"{tmp}/grid.csv", "--out", f"{tmp}/grid"])
        pra_grid_wall, pra_grid_mb, out = timed_process([PYTHON, "-c", PRA_CASE, json.dumps(grid), "1"])
        pra_grid = json.loads(out)["median_s"]
        inproc = {}
        for case in ["rir-one", "rir-grid"]:
            out = subprocess.run([BENCH, case], capture_output=True, text=True, check=True).stdout
            inproc[case] = json.loads(out.strip().splitlines()[-1])["median_s"]
        import numpy as np
        # pyroomacoustics' responses start 40 samples early (half its 81-tap kernel).
        check = agreement(read_wav(f"{tmp}/one.wav"), np.load(f"{tmp}/pra.npy")[40:])
        sweep_start = time.perf_counter()
        subprocess.run([BIN, "sweep", os.path.join(ROOT, "Studies/default.yaml"), "--out", f"{tmp}/sweep"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sweep = time.perf_counter() - sweep_start
    print(f"soundstage vs pyroomacoustics {one['version']} (max_order {one['order']}), "
          f"{os.cpu_count()} cores, one run")
    print("| case | soundstage | pyroomacoustics | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| rir, 1 receiver, process less start-up ({startup * 1000:.1f} ms) | {less * 1000:.1f} ms | "
          f"compute_rir {one['median_s'] * 1000:.0f} ms | {one['median_s'] / less:.1f}x |")
    print(f"| rir, 1 receiver, whole process | {ours_one * 1000:.1f} ms | {pra_process * 1000:.0f} ms | "
          f"{pra_process / ours_one:.1f}x |")
    print(f"| rir, 100 receivers, whole process vs compute_rir | {ours_grid:.2f} s, {ours_grid_mb:.0f} MB peak | "
          f"{pra_grid:.2f} s ({pra_grid_wall:.1f} s process), {pra_grid_mb:.0f} MB peak | "
          f"{pra_grid / ours_grid:.1f}x |")
    print(f"| in-process (soundstage-bench), 1 / 100 receivers | {inproc['rir-one'] * 1000:.1f} ms / "
          f"{inproc['rir-grid']:.2f} s | {one['median_s'] * 1000:.0f} ms / {pra_grid:.2f} s | "
          f"{one['median_s'] / inproc['rir-one']:.1f}x / {pra_grid / inproc['rir-grid']:.1f}x |")
    print(f"| agreement: direct sound (sample) | {check[0]} | {check[1]} | "
          f"{'same' if check[0] == check[1] else 'DIFFERENT'} |")
    print(f"| agreement: energy 0-50 ms / 50-450 ms after it, ours over theirs | {check[2]:.4f} / {check[3]:.4f} "
          f"| correlation {check[4]:.6f} | - |")
    print(f"| default study, 675 seats x 5 modes | {sweep:.1f} s, {675 / sweep:.1f} seats/s | - | - |")
    ok = check[0] == check[1] and abs(check[2] - 1) < 0.01 and abs(check[3] - 1) < 0.01 and check[4] > 0.999
    if not ok:
        print("the responses disagree: speed bought with a wrong answer", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
