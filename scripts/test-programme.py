#!/usr/bin/env python3
"""Writes a 4 s stereo test programme (float-32 WAV, 48 kHz): a centred voice-band tone burst,
then pink-ish noise hard left, hard right and centre, one second each. Seeded, so reruns are
identical. Usage: test-programme.py OUT.wav"""
import math
import random
import struct
import sys

fs, random_seed = 48000, 7
random.seed(random_seed)
frames = []
state = 0.0
for i in range(4 * fs):
    section = i // fs
    t = i / fs
    white = random.uniform(-1, 1)
    state = 0.97 * state + 0.03 * white          # a one-pole low-pass: darker than white
    noise = 0.4 * (state * 6 + 0.2 * white)
    burst = 0.3 * math.sin(2 * math.pi * 440 * t) * (1 if (i // 4800) % 2 == 0 else 0)
    left, right = [(burst, burst), (noise, 0.0), (0.0, noise), (noise, noise)][section]
    frames.append(struct.pack("<ff", left, right))
data = b"".join(frames)
header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 3, 2, fs, fs * 8, 8, 32)
with open(sys.argv[1], "wb") as out:
    out.write(header + b"data" + struct.pack("<I", len(data)) + data)
