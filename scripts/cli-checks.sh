#!/usr/bin/env bash
# End-to-end checks of the command line (release build): exit codes and no half-written output.
# Run by `make test` after the unit tests. Prints "N passed, M failed".
set -uo pipefail
BIN=${1:-.build/release/soundstage}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0; failed=0

expect() {  # expect CODE DESCRIPTION -- command...
    local want=$1 what=$2; shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"; local got=$?
    if [ "$got" -eq "$want" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL: $what: exit $got, expected $want"; cat "$TMP/err"; fi
}
expect_no_file() {
    if [ -e "$1" ]; then failed=$((failed + 1)); echo "FAIL: $1 was written despite the error"; else passed=$((passed + 1)); fi
}

expect 0 "--version" -- "$BIN" --version
printf 'shape: shoebox\ndimensions: [6, -4.5, 2.7]\nabsorption: 0.2\n' > "$TMP/bad.yaml"
expect 2 "negative dimension" -- "$BIN" rir "$TMP/bad.yaml" --source 1,1,1 --receiver 2,2,1 --out "$TMP/bad.wav"
grep -q "key 'dimensions'" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: message lacks the key"; }
expect_no_file "$TMP/bad.wav"
expect 2 "source outside the room" -- "$BIN" rir Rooms/small-room.yaml --source 9,1,1 --receiver 2,2,1 --out "$TMP/out.wav"
expect_no_file "$TMP/out.wav"
expect 2 "missing room file" -- "$BIN" rir "$TMP/none.yaml" --source 1,1,1 --receiver 2,2,1 --out "$TMP/out.wav"
expect 2 "unknown option" -- "$BIN" rir Rooms/small-room.yaml --sourse 1,1,1 --receiver 2,2,1 --out "$TMP/out.wav"
expect 2 "malformed position" -- "$BIN" rir Rooms/small-room.yaml --source 1,1 --receiver 2,2,1 --out "$TMP/out.wav"
expect 0 "smallest room file" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receiver 4,3,1.2 --out "$TMP/rir.wav"
expect 0 "metrics of a simulated RIR" -- "$BIN" metrics "$TMP/rir.wav" --json
python3 -c "import json,sys; d=json.load(open('$TMP/out')); assert 0.3 < d['octaves']['1000']['t30_s'] < 0.8" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: metrics JSON"; }
echo "not a wav" > "$TMP/bad.wav"
expect 2 "metrics of a non-WAV file" -- "$BIN" metrics "$TMP/bad.wav"
for room in Rooms/*.yaml; do
    expect 0 "rir in $room" -- "$BIN" rir "$room" --source 1.2,1.0,1.1 --receiver 3.1,2.4,1.2 --out "$TMP/room.wav"
done

expect 0 "hrtf of the sphere" -- "$BIN" hrtf --azimuth 90 --json
python3 -c "import json; d=json.load(open('$TMP/out')); assert 600 < d['itd_us'] < 780 and d['octaves']['8000']['ild_db'] > 10" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: hrtf JSON"; }
expect 0 "hrtf of KEMAR" -- "$BIN" hrtf --head Listeners/kemar.yaml --azimuth=-45 --out "$TMP/hrir.wav"
printf 'model: sofa\nfile: missing.sofa\n' > "$TMP/head.yaml"
expect 2 "head file with a missing SOFA file" -- "$BIN" hrtf --head "$TMP/head.yaml" --azimuth 0
expect 0 "brir in the dead bedroom" -- "$BIN" brir Rooms/bedroom-dead.yaml --seat 2.2,1.2,1.2 --out "$TMP/brir"
[ "$(ls "$TMP/brir" | wc -l)" -eq 5 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: brir wrote $(ls "$TMP/brir" | wc -l) files"; }
expect 2 "brir with the seat outside the room" -- "$BIN" brir Rooms/bedroom-dead.yaml --seat 5,1.2,1.2 --out "$TMP/brir-bad"
expect_no_file "$TMP/brir-bad"

python3 - "$TMP/music.wav" <<'PY'
import math, struct, sys, random
random.seed(1); fs = 48000; n = fs // 2
frames = b"".join(struct.pack("<ff", 0.3 * math.sin(2 * math.pi * 440 * i / fs) + 0.05 * random.uniform(-1, 1),
                              0.3 * math.sin(2 * math.pi * 660 * i / fs)) for i in range(n))
hdr = b"RIFF" + struct.pack("<I", 36 + len(frames)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 3, 2, fs, fs * 8, 8, 32)
open(sys.argv[1], "wb").write(hdr + b"data" + struct.pack("<I", len(frames)) + frames)
PY
expect 0 "render spatial in the living room" -- "$BIN" render "$TMP/music.wav" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --mode spatial --out "$TMP/binaural.wav"
expect 2 "render with an unknown mode" -- "$BIN" render "$TMP/music.wav" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --mode surround --out "$TMP/x.wav"
expect_no_file "$TMP/x.wav"
expect 2 "render of a missing programme" -- "$BIN" render "$TMP/none.wav" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --out "$TMP/x.wav"
expect 2 "render with the seat outside the room" -- "$BIN" render "$TMP/music.wav" --room Rooms/living-room.yaml --seat 9,2.5,1.1 --out "$TMP/x.wav"
expect_no_file "$TMP/x.wav"
expect 2 "brir with a missing device file" -- "$BIN" brir Rooms/bedroom-dead.yaml --seat 2.2,1.2,1.2 --device "$TMP/none.yaml" --out "$TMP/brir-nodev"
expect_no_file "$TMP/brir-nodev"
printf 'filter_taps: 1000\n' > "$TMP/chain.yaml"
expect 2 "design with a bad chain file" -- "$BIN" design --chain "$TMP/chain.yaml" --out "$TMP/design-bad"
grep -q "key 'filter_taps'" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: chain message lacks the key"; }
expect_no_file "$TMP/design-bad"
expect 0 "design plots" -- "$BIN" design --out "$TMP/design"
[ "$(ls "$TMP/design" | wc -l)" -eq 5 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: design wrote $(ls "$TMP/design" | wc -l) files"; }

echo "cli checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
