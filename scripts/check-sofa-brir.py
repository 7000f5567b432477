#!/usr/bin/python3
"""Reads a `soundstage brir --format sofa` file with h5py (HDF5 directly, not netCDF, not Soundstage)
and checks it against the same BRIRs written as float-64 WAVs and against the command's inputs.

usage: check-sofa-brir.py FILE.sofa WAV_FOLDER SEAT_X,Y,Z FS DRIVER[,DRIVER...]
Exit 0 when every check holds; otherwise prints what differs and exits 1.
"""
import struct
import sys

import h5py
import numpy as np


def read_float64_wav(path):
    """The samples of a float-64 WAV, [channel][sample], parsed from its chunks."""
    data = open(path, "rb").read()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE", path
    offset, channels, payload = 12, None, None
    while offset + 8 <= len(data):
        tag, size = data[offset:offset + 4], struct.unpack("<I", data[offset + 4:offset + 8])[0]
        body = data[offset + 8:offset + 8 + size]
        if tag == b"fmt ":
            fmt, channels = struct.unpack("<HH", body[:4])
            bits = struct.unpack("<H", body[14:16])[0]
            assert (fmt, bits) in [(3, 64), (0xFFFE, 64)], (path, fmt, bits)
        elif tag == b"data":
            payload = np.frombuffer(body, dtype="<f8")
        offset += 8 + size + (size & 1)
    return payload.reshape(-1, channels).T


def main():
    sofa, folder, seat, fs, drivers = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5].split(",")
    seat = [float(v) for v in seat.split(",")]
    problems = []
    with h5py.File(sofa, "r") as f:
        attrs = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in f.attrs.items()}
        for key, value in [("Conventions", "SOFA"), ("SOFAConventions", "SingleRoomMIMOSRIR"), ("DataType", "FIR-E")]:
            if attrs.get(key) != value:
                problems.append(f"{key} is {attrs.get(key)!r}, expected {value!r}")
        ir = f["Data.IR"][()]
        if ir.shape[:3] != (1, 2, len(drivers)):
            problems.append(f"Data.IR is {ir.shape}, expected (1, 2, {len(drivers)}, N)")
        if f["Data.SamplingRate"][()].tolist() != [fs]:
            problems.append(f"Data.SamplingRate is {f['Data.SamplingRate'][()]}, expected {fs}")
        if not np.allclose(f["ListenerPosition"][()], [seat], atol=0):
            problems.append(f"ListenerPosition is {f['ListenerPosition'][()]}, expected {seat}")
        if f["EmitterPosition"].shape != (len(drivers), 3, 1):
            problems.append(f"EmitterPosition is {f['EmitterPosition'].shape}, expected ({len(drivers)}, 3, 1)")
        ears = f["ReceiverPosition"][()][:, :, 0]
        if not (ears[0, 1] > 0 > ears[1, 1] and ears[0, 1] == -ears[1, 1]):
            problems.append(f"ReceiverPosition {ears.tolist()}: left ear must be at +y, right at −y")
        if attrs.get("EmitterDescription") != ", ".join(drivers):
            problems.append(f"EmitterDescription is {attrs.get('EmitterDescription')!r}")
        for e, driver in enumerate(drivers):
            wav = read_float64_wav(f"{folder}/{driver}.wav")
            if ir.shape[3] != wav.shape[1] or not np.array_equal(ir[0, :, e, :], wav):
                problems.append(f"{driver}: Data.IR differs from {driver}.wav")
    for p in problems:
        print(f"SOFA check: {p}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
