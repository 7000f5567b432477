#!/usr/bin/env python3
"""Writes a baffled piston's far-field pattern as a directivity CSV (the format of a measured one):
magnitude 20·log10|2·J1(ka·sin θ)/(ka·sin θ)| in front, the device file's rear model behind, on a grid
of octave frequencies × azimuth × elevation, in the driver's frame. A stand-in for a measurement, used
by the command-line checks to compare a "measured" driver against the piston model it came from.

usage: piston-directivity-csv.py RADIUS_M STEP_DEG OUT.csv
"""
import math
import sys


def j1(x):
    """Bessel J1 by its power series (|x| < 20 here)."""
    total, term, k = 0.0, x / 2, 0
    while abs(term) > 1e-17 * max(1.0, abs(total)) or k < 3:
        total += term
        k += 1
        term *= -(x / 2) ** 2 / (k * (k + 1))
    return total


def piston(ka, cos_theta):
    def jinc(x):
        return 1.0 if abs(x) < 1e-8 else 2 * j1(x) / x
    sine = math.sqrt(max(0.0, 1 - cos_theta ** 2))
    if cos_theta >= 0:
        return jinc(ka * sine)
    g = 1 / (1 + ka * ka)
    return jinc(ka) * (g + (1 - g) * sine * sine)


def main():
    radius, step, out = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    octaves = [1000 * 2 ** (k / 1) for k in range(-4, 5)]  # 62.5 Hz … 16 kHz
    with open(out, "w") as f:
        f.write("# a piston of radius %g m, sampled like a measurement\n" % radius)
        f.write("frequency_hz,azimuth_deg,elevation_deg,magnitude_db\n")
        for hz in octaves:
            ka = 2 * math.pi * hz / 343.0 * radius
            az = -180.0
            while az < 180:
                el = -90.0
                while el <= 90:
                    c = math.cos(math.radians(el)) * math.cos(math.radians(az))
                    g = max(abs(piston(ka, c)), 1e-6)
                    f.write("%g,%g,%g,%.6f\n" % (hz, az, el, 20 * math.log10(g)))
                    el += step
                az += step


if __name__ == "__main__":
    main()
