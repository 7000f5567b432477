#!/usr/bin/env python3
"""Furnished living room: soundstage's images + scattered field against pyroomacoustics' hybrid
simulator (image sources to order 3 + ray tracing with scattering), per-octave T30, EDT and C50.

The room is Rooms/living-room.yaml: 6 x 4.5 x 2.6 m, plaster walls, plasterboard ceiling, curtains on
the north wall, thin carpet under furniture on the floor; the same absorption (Vorlaender's tables)
and scattering (0.05 on the smooth surfaces, "classroom tables" on the floor) in both. Source at the
device (0.3, 2.25, 0.9), receiver at (3.3, 2.25, 1.2), 48 kHz, air absorption on. Both responses are
analysed by the same estimator (`soundstage metrics`), so only the simulators differ. pyroomacoustics
is installed in a throwaway venv; it is not a dependency of Soundstage.

    python3 -m venv /tmp/pra-venv && /tmp/pra-venv/bin/pip install pyroomacoustics==0.10.1
    swift build -c release
    /tmp/pra-venv/bin/python Benchmarks/compare_hybrid_pyroomacoustics.py [.build/release/soundstage]
"""
import json
import subprocess
import sys
import tempfile
import wave

import numpy as np
import pyroomacoustics as pra

FS = 48000
DIMS = [6.0, 4.5, 2.6]
SOURCE = [0.3, 2.25, 0.9]
RECEIVER = [3.3, 2.25, 1.2]
BANDS = [125, 250, 500, 1000, 2000, 4000, 8000]
# Rooms/living-room.yaml's materials (Sources/RoomAcoustics/Material.swift), 125 Hz ... 8 kHz.
PLASTER = [0.02, 0.02, 0.03, 0.03, 0.04, 0.05, 0.05]
PLASTERBOARD = [0.15, 0.10, 0.06, 0.04, 0.04, 0.05, 0.05]
CURTAINS = [0.30, 0.45, 0.65, 0.56, 0.59, 0.71, 0.71]
CARPET_THIN = [0.03, 0.09, 0.25, 0.31, 0.33, 0.44, 0.44]
SMOOTH = [0.05] * 7
CLASSROOM_TABLES = [0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.6]


def material(absorption, scattering):
    return pra.Material(
        energy_absorption={"coeffs": absorption, "center_freqs": BANDS},
        scattering={"coeffs": scattering, "center_freqs": BANDS})


def write_wav(path, x):
    pcm = np.clip(x / max(1e-12, np.max(np.abs(x))) * 0.9, -1, 1)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(FS)
        w.writeframes((pcm * 32767).astype("<i2").tobytes())


def metrics(binary, path):
    out = subprocess.run([binary, "metrics", path, "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["octaves"]


def compare(binary, everywhere=None, seed=0):
    """Both simulators on the living room; `everywhere`: one scattering for every surface instead."""
    np.random.seed(seed)
    floor, smooth = (CLASSROOM_TABLES, SMOOTH) if everywhere is None else ([everywhere] * 7, [everywhere] * 7)
    walls = material(PLASTER, smooth)
    room = pra.ShoeBox(
        DIMS, fs=FS, max_order=3, air_absorption=True, ray_tracing=True,
        materials={"west": walls, "east": walls, "south": walls, "north": material(CURTAINS, smooth),
                   "floor": material(CARPET_THIN, floor), "ceiling": material(PLASTERBOARD, smooth)})
    room.set_ray_tracing(n_rays=20000, receiver_radius=0.5, energy_thres=1e-7)
    room.add_source(SOURCE)
    room.add_microphone(RECEIVER)
    room.compute_rir()
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, pra_path, room_file = f"{tmp}/soundstage.wav", f"{tmp}/pyroomacoustics.wav", f"{tmp}/room.yaml"
        with open("Rooms/living-room.yaml") as src, open(room_file, "w") as dst:
            dst.write(src.read() + ("" if everywhere is None else f"\nscattering: {everywhere}\n"))
        text = open(room_file).read()
        if everywhere is not None:  # the top-level key overrides materials, not the floor's own mapping
            text = text.replace("scattering: classroom-tables", f"scattering: {everywhere}")
            open(room_file, "w").write(text)
        subprocess.run([binary, "rir", room_file, "--source", ",".join(map(str, SOURCE)),
                        "--receiver", ",".join(map(str, RECEIVER)), "--high-pass", "20", "--seed", str(seed),
                        "--out", ours_path], check=True, capture_output=True)
        write_wav(pra_path, np.asarray(room.rir[0][0], dtype=float))
        return metrics(binary, ours_path), metrics(binary, pra_path)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/soundstage"
    for everywhere in [None, 0.5]:
        for seed in [0, 1]:
            print_table(*compare(binary, everywhere, seed), "as furnished" if everywhere is None
                        else f"scattering {everywhere} everywhere", seed)


def print_table(ours, theirs, what, seed):
    print(f"living room ({what}, seed {seed}): soundstage vs pyroomacoustics {pra.__version__} hybrid "
          "(ISM order 3 + 20000 rays)")
    print(f"{'octave':>7} | {'T30 ours':>8} {'pra':>6} | {'EDT ours':>8} {'pra':>6} | {'C50 ours':>8} {'pra':>6}")
    for band in ["125", "250", "500", "1000", "2000", "4000", "8000"]:
        row = []
        for key, fmt in [("t30_s", "{:.2f}"), ("edt_s", "{:.2f}"), ("c50_db", "{:+.1f}")]:
            a, b = ours[band].get(key), theirs[band].get(key)
            row.append(f"{fmt.format(a) if a is not None else '-':>8} {fmt.format(b) if b is not None else '-':>6}")
        print(f"{band:>7} | " + " | ".join(row))
    print()


if __name__ == "__main__":
    main()
