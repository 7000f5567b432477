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
# libnetcdf (with HDF5, curl, TLS: ~40 libraries, ~20 ms of start-up) is opened only when a SOFA file is.
! ldd "$BIN" | grep -q netcdf && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the binary links libnetcdf"; }
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
# Spaces and tabs around a position's numbers are trimmed (the response is the same); a line break is not.
expect 0 "positions with spaces and tabs" -- "$BIN" rir Rooms/small-room.yaml --source " 2, 1.5 ,1.5" --receiver "4,	3,1.2 " --out "$TMP/rir-spaced.wav"
cmp -s "$TMP/rir.wav" "$TMP/rir-spaced.wav" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: a position with spaces gives another response"; }
expect 2 "a position with a line break" -- "$BIN" rir Rooms/small-room.yaml --source "2,1.5,
1.5" --receiver 4,3,1.2 --out "$TMP/rir-broken.wav"
# Scattering 0 is the purely specular room, byte for byte (rir and brir); a scattering room differs.
{ cat Rooms/small-room.yaml; echo "scattering: 0"; } > "$TMP/specular.yaml"
{ cat Rooms/small-room.yaml; echo "scattering: 0.5"; } > "$TMP/scattering.yaml"
for r in specular scattering; do
    expect 0 "rir of the $r room" -- "$BIN" rir "$TMP/$r.yaml" --source 2,1.5,1.5 --receiver 4,3,1.2 --out "$TMP/rir-$r.wav"
done
cmp -s "$TMP/rir.wav" "$TMP/rir-specular.wav" && ! cmp -s "$TMP/rir.wav" "$TMP/rir-scattering.wav" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: rir with scattering 0 differs from none"; }
expect 0 "brir, no scattering key" -- "$BIN" brir Rooms/small-room.yaml --device-position 0.5,2.25,1 --seat 3,2.25,1.2 --out "$TMP/brir-none"
expect 0 "brir, scattering 0" -- "$BIN" brir "$TMP/specular.yaml" --device-position 0.5,2.25,1 --seat 3,2.25,1.2 --out "$TMP/brir-zero"
diff -rq "$TMP/brir-none" "$TMP/brir-zero" | grep -v soundstage-output | grep -q . \
    && { failed=$((failed + 1)); echo "FAIL: brir with scattering 0 differs from none"; } || passed=$((passed + 1))
# Many receivers: a CSV in room coordinates or a seat-set file placed by the room's device; one WAV each.
printf 'x,y,z\n4,3,1.2\n1,1,1\n' > "$TMP/receivers.csv"
expect 0 "rir --receivers CSV" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receivers "$TMP/receivers.csv" --out "$TMP/many"
cmp -s "$TMP/rir.wav" "$TMP/many/receiver-0001.wav" && [ "$(wc -l < "$TMP/many/receivers.csv")" -eq 3 ] \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: rir --receivers differs from --receiver"; }
expect 0 "rir --receivers seat set" -- "$BIN" rir Rooms/living-room.yaml --source 0.3,2.25,0.9 --receivers Listeners/off-axis-line.yaml --out "$TMP/row"
printf 'x,y,z\n4,3\n' > "$TMP/short.csv"
expect 2 "rir --receivers with a short line" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receivers "$TMP/short.csv" --out "$TMP/short"
expect_no_file "$TMP/short"
printf 'x,y,z\n4,3,1.2\n40,3,1.2\n' > "$TMP/outside.csv"
expect 2 "rir --receivers outside the room" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receivers "$TMP/outside.csv" --out "$TMP/outside"
expect_no_file "$TMP/outside"
expect 2 "rir --receivers seat set without a device" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receivers Listeners/off-axis-line.yaml --out "$TMP/nodev"
expect_no_file "$TMP/nodev"
expect 2 "rir with both --receiver and --receivers" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receiver 4,3,1.2 --receivers "$TMP/receivers.csv" --out "$TMP/both"
echo "not a wav" > "$TMP/bad.wav"
expect 2 "metrics of a non-WAV file" -- "$BIN" metrics "$TMP/bad.wav"
for room in Rooms/*.yaml; do
    expect 0 "rir in $room" -- "$BIN" rir "$room" --source 1.2,1.0,1.1 --receiver 3.1,2.4,1.2 --out "$TMP/room.wav"
done

expect 0 "hrtf of the sphere" -- "$BIN" hrtf --azimuth 90 --json
python3 -c "import json; d=json.load(open('$TMP/out')); assert 600 < d['itd_us'] < 780 and d['octaves']['8000']['ild_db'] > 10" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: hrtf JSON"; }
# localize: white noise whose right channel lags 12 samples (250 µs) and is 3 dB quieter -> left.
python3 - "$TMP/ears.wav" "$TMP/mono.wav" <<'PY'
import random, struct, sys, wave
random.seed(1)
x = [random.gauss(0, 0.1) for _ in range(24000)]
left, right = x, [0.0] * 12 + [0.708 * v for v in x[:-12]]
for path, channels in ((sys.argv[1], (left, right)), (sys.argv[2], (left,))):
    with wave.open(path, "wb") as w:
        w.setnchannels(len(channels)); w.setsampwidth(2); w.setframerate(48000)
        w.writeframes(b"".join(struct.pack("<" + "h" * len(channels), *(int(c[i] * 32767) for c in channels))
                               for i in range(len(left))))
PY
expect 0 "localize a binaural WAV" -- "$BIN" localize "$TMP/ears.wav" --json
python3 -c "import json; d=json.load(open('$TMP/out')); assert d['lateral_deg'] > 10 and len(d['bands']) == 34, d['lateral_deg']" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: localize JSON"; }
expect 2 "localize a mono WAV" -- "$BIN" localize "$TMP/mono.wav"
grep -q "two channels" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: localize message"; }
expect 2 "design with an unknown device name" -- "$BIN" design --device no-such-device --out "$TMP/design-nodev"
expect_no_file "$TMP/design-nodev"
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
# tune: bad parameters and options exit 2 before any sweep; a two-evaluation tune writes its four files.
printf 'name: t\nrooms: [%s/Rooms/anechoic.yaml]\nseats: %s/Listeners/gate-grid.yaml\nmodes: [spatial]\n' "$PWD" "$PWD" > "$TMP/tune.yaml"
expect 2 "tune with an unknown key" -- "$BIN" tune "$TMP/tune.yaml" --param no_such_key=1:2 --out "$TMP/tune-bad"
expect 2 "tune with a reversed interval" -- "$BIN" tune "$TMP/tune.yaml" --param ctc_boost_cap_db=22:6 --out "$TMP/tune-bad"
expect 2 "tune with a budget of one" -- "$BIN" tune "$TMP/tune.yaml" --param ctc_boost_cap_db=6:22 --budget 1 --out "$TMP/tune-bad"
expect 2 "tune with an unknown objective" -- "$BIN" tune "$TMP/tune.yaml" --param ctc_boost_cap_db=6:22 --objective width --out "$TMP/tune-bad"
printf 'x,y,z\n' > "$TMP/no-receivers.csv"
expect 2 "rir --receivers with no rows" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receivers "$TMP/no-receivers.csv" --out "$TMP/none-out"
expect_no_file "$TMP/none-out"
expect 2 "tune of the reference pair" -- "$BIN" tune "$TMP/tune.yaml" --param ctc_boost_cap_db=6:22 --mode reference --out "$TMP/tune-bad"
expect_no_file "$TMP/tune-bad"
expect 0 "tune, two evaluations" -- "$BIN" tune "$TMP/tune.yaml" --param ctc_boost_cap_db=6:22 --budget 2 --out "$TMP/tune-out"
for f in best-chain.yaml evaluations.csv summary.md objective.svg; do
    [ -s "$TMP/tune-out/$f" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: tune wrote no $f"; }
done
expect 0 "design from tune's best chain" -- "$BIN" design --chain "$TMP/tune-out/best-chain.yaml" --out "$TMP/tune-design"
# A radiation budget needs the radiated-power regularization; with it, design.csv reports the power.
printf 'ctc_radiation_cap_db: 6\n' > "$TMP/budget-bad.yaml"
expect 2 "radiation cap without radiated-power" -- "$BIN" design --chain "$TMP/budget-bad.yaml" --out "$TMP/design-budget-bad"
printf 'ctc_regularization: power\n' > "$TMP/budget-bad2.yaml"
expect 2 "unknown regularization" -- "$BIN" design --chain "$TMP/budget-bad2.yaml" --out "$TMP/design-budget-bad2"
printf 'design_head: no-such-head.yaml\n' > "$TMP/design-head.yaml"
expect 2 "chain with a missing design head" -- "$BIN" design --chain "$TMP/design-head.yaml" --out "$TMP/design-head"
expect_no_file "$TMP/design-head"
printf 'ctc_regularization: radiated-power\nctc_radiation_cap_db: 6\n' > "$TMP/budget.yaml"
expect 0 "design with a radiation budget" -- "$BIN" design --chain "$TMP/budget.yaml" --out "$TMP/design-budget"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "ctc_radiation_db") col = i }
    NR > 1 && $1 >= 500 && $1 <= 2000 && (col == 0 || $col > 6.1) { bad = 1 } END { exit bad }' \
    "$TMP/design-budget/design.csv" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: radiation budget exceeded in design.csv"; }
expect_no_file "$TMP/design-bad"
expect 0 "design plots" -- "$BIN" design --out "$TMP/design"
[ "$(ls "$TMP/design" | wc -l)" -eq 9 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: design wrote $(ls "$TMP/design" | wc -l) files"; }

# Studies: bad study files fail before any work; sweep, shards and merge, maps, the regression gate.
study_head="seats: $PWD/Listeners/gate-grid.yaml"
printf 'rooms: [%s/Rooms/anechoic.yaml]\n%s\nmodes: [spatial, surround]\n' "$PWD" "$study_head" > "$TMP/bad-mode.yaml"
expect 2 "study with an unknown mode" -- "$BIN" sweep "$TMP/bad-mode.yaml" --out "$TMP/sweep-bad"
grep -q "unknown mode 'surround'" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: mode message"; }
expect_no_file "$TMP/sweep-bad"
printf 'rooms: [%s/Rooms/living-room.yaml]\nseats: {grid: {x: [1, 8], y: [0, 0], spacing: 1}}\nmodes: [spatial]\n' "$PWD" > "$TMP/bad-seat.yaml"
expect 2 "study with a seat outside the room" -- "$BIN" sweep "$TMP/bad-seat.yaml" --out "$TMP/sweep-bad"
grep -q "outside the room 'living-room'" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: seat message"; }
expect_no_file "$TMP/sweep-bad"
printf 'rooms: [%s/Rooms/no-such-room.yaml]\n%s\nmodes: [spatial]\n' "$PWD" "$study_head" > "$TMP/bad-room.yaml"
expect 2 "study with a missing room file" -- "$BIN" sweep "$TMP/bad-room.yaml" --out "$TMP/sweep-bad"
grep -q "no-such-room.yaml: no such file" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: room message"; }
expect_no_file "$TMP/sweep-bad"
expect 2 "sweep with a bad shard" -- "$BIN" sweep Studies/gate.yaml --shard 4/3 --out "$TMP/sweep-bad"
expect_no_file "$TMP/sweep-bad"

expect 0 "gate study sweep" -- "$BIN" sweep Studies/gate.yaml --out "$TMP/gate" --quiet
for k in 1 2 3; do
    expect 0 "gate study shard $k/3" -- "$BIN" sweep Studies/gate.yaml --shard $k/3 --jobs 1 --out "$TMP/shard$k" --quiet
done
expect 2 "merge with a shard missing" -- "$BIN" merge "$TMP/shard1" "$TMP/shard3" --out "$TMP/merged-bad"
expect_no_file "$TMP/merged-bad"
cp -r "$TMP/shard2" "$TMP/foreign2" && sed -i 's/"study": "gate"/"study": "other"/' "$TMP/foreign2/study.json"
expect 2 "merge of shards from two studies" -- "$BIN" merge "$TMP/shard1" "$TMP/foreign2" "$TMP/shard3" --out "$TMP/merged-bad"
grep -q "belongs to another study" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: merge message"; }
expect_no_file "$TMP/merged-bad"
expect 0 "merge of three shards" -- "$BIN" merge "$TMP/shard3" "$TMP/shard1" "$TMP/shard2" --out "$TMP/merged"
python3 -c "import json; w=json.load(open('$TMP/gate/summary.json'))['rooms']['anechoic']['reference']['nominal_width_deg']; assert abs(w - 60) < 5, w" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: reference width at the anechoic nominal seat is not near 60°"; }
diff -r "$TMP/gate" "$TMP/merged" >/dev/null && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: merged shards differ from one run"; }
maps=0; bad_maps=0
for svg in "$TMP/gate"/maps/*.svg "$TMP/gate"/design/*.svg; do
    maps=$((maps + 1))
    rsvg-convert -o "$TMP/map.png" "$svg" && [ -s "$TMP/map.png" ] || { bad_maps=$((bad_maps + 1)); echo "FAIL: $svg does not render"; }
done
[ "$maps" -eq 35 ] && [ "$bad_maps" -eq 0 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: $maps maps, $bad_maps do not render"; }
expect 0 "check of an unchanged run" -- "$BIN" check --baseline Reports/baseline/summary.json --results "$TMP/gate"
expect 1 "check of a chain without CTC" -- "$BIN" check --baseline Reports/baseline/summary.json --study Tests/Fixtures/gate-without-ctc.yaml
grep -q "spatial  nominal_separation_db" "$TMP/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the regression table lacks spatial separation"; cat "$TMP/out"; }
expect 2 "check against a missing baseline" -- "$BIN" check --baseline "$TMP/none.json" --results "$TMP/gate"
expect 2 "check without --results or --study" -- "$BIN" check --baseline Reports/baseline/summary.json
expect 2 "baseline from a shard folder (no summary)" -- "$BIN" baseline --from "$TMP/shard1" --to "$TMP/baseline-bad"
expect_no_file "$TMP/baseline-bad"
expect 0 "baseline from a whole run" -- "$BIN" baseline --from "$TMP/gate" --to "$TMP/baseline"
cmp -s "$TMP/baseline/summary.json" "$TMP/gate/summary.json" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: baseline copy differs"; }
expect 2 "sweep with --jobs 0" -- "$BIN" sweep Studies/gate.yaml --jobs 0 --out "$TMP/sweep-bad"
expect_no_file "$TMP/sweep-bad"
expect 2 "sweep into a missing parent folder" -- "$BIN" sweep Studies/gate.yaml --out "$TMP/none/sweep"
expect 2 "check of a folder without a summary" -- "$BIN" check --baseline Reports/baseline/summary.json --results "$TMP/shard1"

# Outputs: never replace what the tool did not write (issue 13).
mkdir "$TMP/project" && echo "thesis" > "$TMP/project/thesis.tex"
expect 2 "design --out a user's folder" -- "$BIN" design --out "$TMP/project"
grep -q "did not write" "$TMP/err" && [ -f "$TMP/project/thesis.tex" ] && passed=$((passed + 1)) \
    || { failed=$((failed + 1)); echo "FAIL: a user's folder was touched or the message is unclear"; }
echo "data" > "$TMP/data.csv"
expect 2 "sweep --out an existing file" -- "$BIN" sweep Studies/gate.yaml --out "$TMP/data.csv"
grep -q "^data$" "$TMP/data.csv" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: a file was replaced"; }
ABS_BIN=$(realpath "$BIN"); (cd "$TMP/project" && "$ABS_BIN" design --out . >/dev/null 2>&1); [ $? -eq 2 ] && [ -f "$TMP/project/thesis.tex" ] \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --out . was not refused"; }
expect 0 "design into a fresh folder" -- "$BIN" design --out "$TMP/design-own"
expect 0 "design replacing its own folder" -- "$BIN" design --out "$TMP/design-own"
mkdir "$TMP/.design-own.partial-999999" && echo 999999 > "$TMP/.design-own.lock"
expect 0 "design after a dead run's lock and partial folder" -- "$BIN" design --out "$TMP/design-own"
[ ! -e "$TMP/.design-own.partial-999999" ] && [ ! -e "$TMP/.design-own.lock" ] && passed=$((passed + 1)) \
    || { failed=$((failed + 1)); echo "FAIL: stale partial folder or lock left behind"; }
sleep 30 & echo $! > "$TMP/.design-own.lock"
expect 2 "design while another live run holds the lock" -- "$BIN" design --out "$TMP/design-own"
grep -q "another soundstage run" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: lock message"; }
kill %1 2>/dev/null; rm -f "$TMP/.design-own.lock"
if mknod "$TMP/null-device" c 1 3 2>/dev/null; then
    expect 0 "rir --out a character device" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receiver 4,3,1.2 --out "$TMP/null-device"
    [ -c "$TMP/null-device" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the device node was replaced"; }
fi
# A full disk during `rir --receivers` (a 300 kB tmpfs, root only): exit 2 naming the file and the
# cause, the workers stop early, and neither the folder nor its staging copy is left behind.
mkdir -p "$TMP/tiny" && if mount -t tmpfs -o size=300k tmpfs "$TMP/tiny" 2>/dev/null; then
    awk 'BEGIN { print "x,y,z"; for (i = 0; i < 40; i++) printf "%.2f,%.2f,1.2\n", 0.5 + (i % 10) * 0.5, 1 + int(i / 10) * 0.8 }' \
        > "$TMP/grid.csv"
    expect 2 "rir --receivers on a full disk" -- "$BIN" rir Rooms/small-room.yaml --source 0.5,0.5,1.5 --receivers "$TMP/grid.csv" --out "$TMP/tiny/grid"
    grep -q "the disk is full" "$TMP/err" && [ -z "$(ls -A "$TMP/tiny")" ] && passed=$((passed + 1)) \
        || { failed=$((failed + 1)); echo "FAIL: full disk: message or leftovers"; cat "$TMP/err"; ls -A "$TMP/tiny"; }
    umount "$TMP/tiny"
fi
touch "$TMP/target.wav" && ln -s "$TMP/target.wav" "$TMP/link.wav"
expect 0 "rir --out a symbolic link" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receiver 4,3,1.2 --out "$TMP/link.wav"
[ -L "$TMP/link.wav" ] && [ -s "$TMP/target.wav" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the link was not written through"; }
# Crashes that must be clear errors (issue 13).
python3 - "$TMP/p8k.wav" <<'PY'
import struct, sys, wave
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(2); w.setsampwidth(2); w.setframerate(8000); w.writeframes(struct.pack("<hh", 1000, -1000) * 8000)
PY
expect 2 "render of an 8 kHz programme (crossover above Nyquist)" -- "$BIN" render "$TMP/p8k.wav" --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --out "$TMP/r8.wav"
grep -q "crossover_high_hz" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: render message lacks the key"; }
expect_no_file "$TMP/r8.wav"
printf 'name: s16\nrooms: [%s/Rooms/anechoic.yaml]\nseats: %s/Listeners/gate-grid.yaml\nmodes: [matrix]\nsample_rate: 16000\nchain: {crossover_high_hz: 12000}\n' "$PWD" "$PWD" > "$TMP/s16.yaml"
expect 2 "study whose crossover is above Nyquist" -- "$BIN" sweep "$TMP/s16.yaml" --out "$TMP/s16"
grep -q "crossover_high_hz" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: study message lacks the key"; }
printf 'shape: floorplan\nfloor: [[0, 0], [1, 0], [2, 0]]\nheight: 2.5\nabsorption: 0.2\n' > "$TMP/flat.yaml"
expect 2 "zero-area floor plan" -- "$BIN" rir "$TMP/flat.yaml" --source 1,0,1 --receiver 1,0,1.2 --out "$TMP/flat.wav"
printf 'shape: shoebox\ndimensions: [1e-9, 1e-9, 1e-9]\nabsorption: 0.2\n' > "$TMP/tiny.yaml"
expect 2 "nanometre shoebox" -- "$BIN" rir "$TMP/tiny.yaml" --source 0,0,0 --receiver 0,0,0 --out "$TMP/tiny.wav"
expect 2 "brir --yaw nan" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --yaw nan --out "$TMP/brir-nan"
expect 2 "render --yaw 1e308" -- "$BIN" render "$TMP/p8k.wav" --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --yaw 1e308 --out "$TMP/r-yaw.wav"
printf 'name: ../../escape\nshape: shoebox\ndimensions: [4, 3, 2.5]\nabsorption: 0.2\n' > "$TMP/escape.yaml"
expect 2 "a room name with a path in it" -- "$BIN" rir "$TMP/escape.yaml" --source 1,1,1 --receiver 2,2,1 --out "$TMP/escape.wav"
grep -q "key 'name'" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: name message"; }

# Honest metrics and a damaged baseline (issue 13, cases 10 and 11).
python3 - "$TMP/silent-right.wav" "$TMP/rate1.wav" <<'PY'
import random, struct, sys, wave
random.seed(2)
x = [int(3000 * random.gauss(0, 1) * 0.9995 ** i) for i in range(24000)]
for path, rate, channels in ((sys.argv[1], 48000, (x, [0] * len(x))), (sys.argv[2], 1, (x[:100],))):
    with wave.open(path, "wb") as w:
        w.setnchannels(len(channels)); w.setsampwidth(2); w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<" + "h" * len(channels), *(c[i] for c in channels)) for i in range(len(channels[0]))))
PY
expect 0 "metrics of a stereo file with a silent right ear" -- "$BIN" metrics "$TMP/silent-right.wav" --json
python3 -c "import json; d=json.load(open('$TMP/out')); assert d['binaural'] is None and 'silent' in d['notes'][0]" \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: silent ear gives made-up binaural numbers"; }
expect 2 "metrics of a 1 Hz file" -- "$BIN" metrics "$TMP/rate1.wav"
sed 's/"nominal_width_deg": [0-9.-]*/"nominal_width_deg": "abc"/' Reports/baseline/summary.json > "$TMP/bad-baseline.json"
expect 2 "check against a baseline holding text for a number" -- "$BIN" check --baseline "$TMP/bad-baseline.json" --results "$TMP/gate"
grep -q "nominal_width_deg" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: bad baseline message"; }

# The direct sound at any distance (issue 13, case 8): a 30 × 10 m hall, 25 m apart (72.9 ms).
printf 'shape: floorplan\nfloor: [[0, 0], [30, 0], [30, 10], [0, 10]]\nheight: 8\nabsorption: 0.3\n' > "$TMP/hall.yaml"
expect 0 "rir across a 30 m hall" -- "$BIN" rir "$TMP/hall.yaml" --source 2,5,1.5 --receiver 27,5,1.5 --out "$TMP/hall.wav"
python3 - "$TMP/hall.wav" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the direct sound is missing at 25 m"; }
import struct, sys
d = open(sys.argv[1], "rb").read(); i = d.find(b"data"); n = struct.unpack("<I", d[i + 4:i + 8])[0]
a = struct.unpack("<%df" % (n // 4), d[i + 8:i + 8 + n])
direct = max(abs(v) for v in a[int(0.0715 * 48000):int(0.0745 * 48000)])
assert direct > 0.01, direct  # 1/r = 0.04 before air absorption and the band filters; 0.0004 without it
PY

# render keeps the room's decay after the programme (issue 13, case 14).
python3 scripts/test-programme.py "$TMP/programme.wav" >/dev/null
expect 0 "render with the room's decay" -- "$BIN" render "$TMP/programme.wav" --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --mode matrix --tail 0.5 --out "$TMP/rendered.wav"
python3 - "$TMP/programme.wav" "$TMP/rendered.wav" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: render cut the decay"; }
import struct, sys
def frames(path):
    d = open(path, "rb").read(); f = d.find(b"fmt "); channels, rate = struct.unpack("<HI", d[f + 10:f + 16])
    bits = struct.unpack("<H", d[f + 22:f + 24])[0]; i = d.find(b"data")
    return struct.unpack("<I", d[i + 4:i + 8])[0] // (channels * bits // 8), rate
(n_in, rate), (n_out, _) = frames(sys.argv[1]), frames(sys.argv[2])
assert n_out >= n_in + 0.5 * rate, (n_in, n_out)
PY
expect 2 "render --tail -1" -- "$BIN" render "$TMP/programme.wav" --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --tail=-1 --out "$TMP/rendered-bad.wav"

# YAML alias bombs (issue 13, case 9): anchors and aliases are refused before they expand.
printf 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n' > "$TMP/bomb.yaml"
expect 2 "a YAML alias bomb as a room file" -- "$BIN" rir "$TMP/bomb.yaml" --source 1,1,1 --receiver 2,2,1 --out "$TMP/bomb.wav"
grep -q "anchors and aliases" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: alias message"; }

# Study identity (issue 13, case 7): merge refuses shards of another setup, check another scene.
cp -r "$TMP/shard2" "$TMP/othersetup2" && sed -i 's/"setup_hash": "[0-9a-f]*"/"setup_hash": "0000000000000000"/' "$TMP/othersetup2/study.json"
expect 2 "merge of shards from two setups" -- "$BIN" merge "$TMP/shard1" "$TMP/othersetup2" "$TMP/shard3" --out "$TMP/merged-setup"
grep -q "another setup" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: merge setup message"; cat "$TMP/err"; }
cp -r "$TMP/gate" "$TMP/otherscene" && sed -i 's/"scene_hash": "[0-9a-f]*"/"scene_hash": "0000000000000000"/' "$TMP/otherscene/summary.json"
expect 2 "check of another scene's results" -- "$BIN" check --baseline Reports/baseline/summary.json --results "$TMP/otherscene"
grep -q "another scene" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: check scene message"; }

# Memory estimated before work (issue 13, case 9): a 10 s image-only response of the live room
# would need about 35 GB; it is refused at once, naming what to change.
expect 2 "rir needing more memory than allowed" -- "$BIN" rir Rooms/live-room.yaml --source 1.2,1.0,1.1 --receiver 3.1,2.4,1.2 --no-tail --duration 10 --out "$TMP/huge.wav"
grep -q "GB" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: memory message"; }
expect_no_file "$TMP/huge.wav"
# A floor plan at order 12: its image tree (counted before it is built, not stored) passes 8 GB.
printf 'shape: floorplan\nfloor: [[0, 0], [9, 0], [9, 7], [5, 7], [5, 4], [0, 4]]\nheight: 2.6\nabsorption: plaster\nsimulation: {max_order: 12, transition_ms: 200}\n' > "$TMP/deep.yaml"
expect 2 "a floor plan at order 12" -- "$BIN" rir "$TMP/deep.yaml" --source 1,1,1 --receiver 4,2,1.2 --out "$TMP/deep.wav"
grep -q "needs more than 8.0 GB" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: tree memory message"; cat "$TMP/err"; }
expect_no_file "$TMP/deep.wav"

# No silent defaults (issue 13, case 17): a room without absorption, a head inside the device.
printf 'shape: shoebox\ndimensions: [4, 3, 2.5]\n' > "$TMP/no-absorption.yaml"
expect 2 "a room with no absorption" -- "$BIN" rir "$TMP/no-absorption.yaml" --source 1,1,1 --receiver 2,2,1 --out "$TMP/noabs.wav"
grep -q "has no absorption" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: absorption message"; }
expect 2 "brir with the head inside the device" -- "$BIN" brir Rooms/living-room.yaml --seat 0.35,2.25,1.0 --out "$TMP/brir-inside"
grep -q "inside the device" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: head-in-device message"; }

# Plain reasons instead of Foundation's codes (issue 13, case 16).
expect 2 "metrics of a folder" -- "$BIN" metrics "$TMP"
grep -q "it is a folder, not a file" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: folder message"; cat "$TMP/err"; }
expect 2 "rir --out inside a file" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receiver 4,3,1.2 --out "$TMP/data.csv/x.wav"
grep -q "is a file, not a folder" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: file-as-folder message"; cat "$TMP/err"; }
# The key at fault: another shape's geometry key; a study's (or option's) device placement, not the room file.
printf 'shape: shoebox\ndimensions: [4, 3, 2.5]\nfaces: [[0, 1, 2]]\nabsorption: plaster\n' > "$TMP/shoebox-faces.yaml"
expect 2 "a shoebox with faces" -- "$BIN" rir "$TMP/shoebox-faces.yaml" --source 1,1,1 --receiver 2,2,1 --out "$TMP/faces.wav"
grep -q "key 'faces': a shoebox room does not use it" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: shoebox faces message"; cat "$TMP/err"; }
printf 'name: t\nrooms:\n  - {file: %s/Rooms/living-room.yaml, device: {position: [1, 40, 1]}}\nseats: %s/Listeners/sofa-grid.yaml\nmodes: [matrix]\n' "$PWD" "$PWD" > "$TMP/override.yaml"
expect 2 "a study placing the device outside the room" -- "$BIN" sweep "$TMP/override.yaml" --out "$TMP/override"
grep -q "override.yaml: key 'rooms\[0\].device': the device's driver" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: override blamed on the room file"; cat "$TMP/err"; }
expect_no_file "$TMP/override"
expect 2 "brir --device-position outside the room" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --device-position 1,40,1 --out "$TMP/brir-outside"
grep -q "^error: --device-position: the device's driver" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --device-position blame"; cat "$TMP/err"; }
# An anechoic response has no decay to fit: said so, not "reaches only -300 dB".
printf 'shape: shoebox\ndimensions: [6, 4, 2.5]\nabsorption: 1.0\n' > "$TMP/dead.yaml"
expect 0 "rir of a fully absorbing room" -- "$BIN" rir "$TMP/dead.yaml" --source 1,1,1 --receiver 2,2,1 --out "$TMP/dead.wav"
expect 0 "metrics of an anechoic response" -- "$BIN" metrics "$TMP/dead.wav"
grep -q "no reverberant decay to fit" "$TMP/out" && ! grep -q "300" "$TMP/out" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: anechoic decay note"; cat "$TMP/out"; }

# A filter set longer than the room's tail keeps its own response: a set whose only tap is input L to
# the woofer 30 000 samples late still sounds after a 0.1 s click with --tail 0.01.
python3 - "$TMP/late-set.wav" "$TMP/click.wav" <<'PY'
import struct, sys, wave
def write(path, channels, frames, rate=48000):
    with wave.open(path, "wb") as w:
        w.setnchannels(channels); w.setsampwidth(2); w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<" + "h" * channels, *row) for row in frames))
write(sys.argv[1], 10, [[32767 if (n == 29999 and c == 0) else 0 for c in range(10)] for n in range(30000)])
write(sys.argv[2], 2, [[32767, 32767] if n == 0 else [0, 0] for n in range(4800)])
PY
expect 0 "render through a filter set longer than the tail" -- "$BIN" render "$TMP/click.wav" --room Rooms/anechoic.yaml --seat 2,0,1.2 --filters "$TMP/late-set.wav" --tail 0.01 --format wav --subtype float64 --out "$TMP/late.wav"
python3 - "$TMP/late.wav" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the filter set's tail was cut"; }
import subprocess, sys
frames = int(subprocess.run(["soxi", "-s", sys.argv[1]], capture_output=True, text=True, check=True).stdout)
peak = float(subprocess.run(["sox", sys.argv[1], "-n", "trim", "28000s", "stat"], capture_output=True, text=True).stderr.split("Maximum amplitude:")[1].split()[0])
assert frames >= 4800 + 480 + 30000, frames
assert peak > 1e-4, peak
PY

# Audio through libsndfile (issue 17): sox (an independent encoder) writes FLAC and 24-bit AIFF.
sox -V1 "$TMP/music.wav" -b 24 "$TMP/music.flac"
expect 0 "render a FLAC programme" -- "$BIN" render "$TMP/music.flac" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --mode ctc --out "$TMP/flac-in.wav"
sox -V1 "$TMP/rir.wav" -b 24 "$TMP/rir24.aiff"
expect 0 "metrics of a 24-bit AIFF" -- "$BIN" metrics "$TMP/rir24.aiff" --json
cp "$TMP/out" "$TMP/aiff.json"
expect 0 "metrics of the same RIR as float WAV" -- "$BIN" metrics "$TMP/rir.wav" --json
python3 - "$TMP/aiff.json" "$TMP/out" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: AIFF and WAV metrics differ"; }
import json, sys
a, w = (json.load(open(p)) for p in sys.argv[1:])
def numbers(x):
    if isinstance(x, dict): return [v for k in sorted(x) for v in numbers(x[k])]
    if isinstance(x, list): return [v for e in x for v in numbers(e)]
    return [x] if isinstance(x, (int, float)) and not isinstance(x, bool) else []
pairs = list(zip(numbers(a), numbers(w)))
assert pairs and all(abs(p - q) <= 1e-3 * max(1, abs(q)) for p, q in pairs), [(p, q) for p, q in pairs if abs(p - q) > 1e-3 * max(1, abs(q))][:5]
PY
head -c 2000 "$TMP/music.flac" > "$TMP/truncated.flac"
expect 2 "render a truncated FLAC" -- "$BIN" render "$TMP/truncated.flac" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --out "$TMP/y.wav"
expect 2 "rir as float FLAC (FLAC holds integers)" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receiver 4,3,1.2 --format flac --subtype float32 --out "$TMP/f.flac"
grep -q "FLAC stores 16- or 24-bit PCM only" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: FLAC subtype message"; }
expect_no_file "$TMP/f.flac"
expect 0 "rir as 24-bit FLAC" -- "$BIN" rir Rooms/small-room.yaml --source 2,1.5,1.5 --receiver 4,3,1.2 --format flac --out "$TMP/r.flac"
[ "$(soxi -b "$TMP/r.flac")" = 24 ] && [ "$(soxi -t "$TMP/r.flac")" = flac ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: sox does not read a 24-bit FLAC"; }
# BRIRs as one SOFA file, read back by h5py and compared with the same BRIRs as float-64 WAVs.
expect 0 "brir as SOFA" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --format sofa --out "$TMP/brir.sofa"
expect 0 "brir as float-64 WAVs" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --subtype float64 --out "$TMP/brir64"
expect 0 "brir as SOFA to /dev/null" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --format sofa --out /dev/null
[ -c /dev/null ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: /dev/null is no longer a device"; }
mkdir -p "$TMP/a-folder" && touch "$TMP/a-folder/keep.txt"
expect 2 "brir as SOFA onto a folder" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --format sofa --out "$TMP/a-folder"
grep -q "it is a folder" "$TMP/err" && [ -f "$TMP/a-folder/keep.txt" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: SOFA onto a folder"; cat "$TMP/err"; }
expect 2 "brir as SOFA with a PCM subtype" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --format sofa --subtype pcm24 --out "$TMP/x.sofa"
expect_no_file "$TMP/x.sofa"
/usr/bin/python3 scripts/check-sofa-brir.py "$TMP/brir.sofa" "$TMP/brir64" 2.6,2.7,1.1 48000 woofer,mid-left,mid-right,mid-top,tweeter \
    && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: SOFA BRIR check"; }

# Bring your own filters (issue 17): export the fixed-filter modes, load them back as filter-set modes
# next to ctc and a CTC designed on a wider head; the exported set must match ctc bit for bit.
mkdir -p "$TMP/byo"
expect 0 "design --export-filters" -- "$BIN" design --out "$TMP/byo/design" --export-filters "$TMP/byo/filters"
expect 0 "design --export-filters for a wider head" -- "$BIN" design --chain Chains/ctc-wide-head.yaml --out "$TMP/byo/design-wide" --export-filters "$TMP/byo/wide-head"
sed -e "s#\.\./Reports/byo#$TMP/byo#g" -e "s#\.\./#$PWD/#g" Studies/byo-filters.yaml > "$TMP/byo/study.yaml"
/usr/bin/python3 - "$TMP/byo/filters/ctc.sofa" "$TMP/byo/filters/ctc.wav" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: h5py reads ctc.sofa differently from ctc.wav"; }
import struct, sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    assert f.attrs["SOFAConventions"].decode() == "GeneralFIR" and f.attrs["DataType"].decode() == "FIR"
    ir, fs = f["Data.IR"][()], f["Data.SamplingRate"][()]
data = open(sys.argv[2], "rb").read(); off = 12
while off + 8 <= len(data):
    tag, size = data[off:off + 4], struct.unpack("<I", data[off + 4:off + 8])[0]
    if tag == b"data": wav = np.frombuffer(data[off + 8:off + 8 + size], dtype="<f8").reshape(-1, 10).T
    off += 8 + size + (size & 1)
assert ir.shape == (2, 5, wav.shape[1]) and fs.tolist() == [48000.0], (ir.shape, fs)
assert np.array_equal(ir.reshape(10, -1), wav)
PY
expect 0 "a study with filter-set modes" -- "$BIN" sweep "$TMP/byo/study.yaml" --out "$TMP/byo/out"
python3 scripts/compare-modes.py "$TMP/byo/out/results.csv" ctc ctc-exported && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: exported ctc differs from ctc"; }
python3 scripts/compare-modes.py "$TMP/byo/out/results.csv" spatial spatial-exported && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: exported spatial differs from spatial"; }
python3 scripts/compare-modes.py "$TMP/byo/out/results.csv" ctc ctc-wide-head --differ && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: the wide-head CTC is not different"; }
grep -q "ctc-wide-head" "$TMP/byo/out/summary.md" && ls "$TMP/byo/out/maps" | grep -q "ctc-exported" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: filter-set modes missing from summary or maps"; }
expect 0 "render through a filter set" -- "$BIN" render "$TMP/music.flac" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --filters "$TMP/byo/filters/ctc.wav" --out "$TMP/byo/ctc-filters.wav"
expect 0 "render through the built-in ctc" -- "$BIN" render "$TMP/music.flac" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --mode ctc --out "$TMP/byo/ctc-mode.wav"
cmp -s "$TMP/byo/ctc-filters.wav" "$TMP/byo/ctc-mode.wav" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: render through exported filters differs from --mode ctc"; }
sox -V1 "$TMP/byo/filters/ctc.wav" -r 44100 "$TMP/byo/ctc-44k.wav" remix 1-5
expect 2 "a filter file with 5 channels for 5 drivers" -- "$BIN" render "$TMP/music.flac" --room Rooms/living-room.yaml --seat 2.5,2.5,1.1 --filters "$TMP/byo/ctc-44k.wav" --out "$TMP/byo/x.wav"
grep -q "needs 10 (L, R) or 15" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: channel-count message"; cat "$TMP/err"; }
expect_no_file "$TMP/byo/x.wav"
printf 'name: bad\nrooms: [%s/Rooms/anechoic.yaml]\nseats: %s/Listeners/gate-grid.yaml\nmodes: [{name: ctc, filters: %s/byo/filters/ctc.wav}]\n' "$PWD" "$PWD" "$TMP" > "$TMP/byo/bad.yaml"
printf 'name: bad\nrooms: [%s/Rooms/anechoic.yaml]\nseats: %s/Listeners/gate-grid.yaml\nmodes: [{name: mine, filters: %s/none.wav}]\n' "$PWD" "$PWD" "$TMP" > "$TMP/byo/missing.yaml"
expect 2 "a study whose filter file is missing" -- "$BIN" sweep "$TMP/byo/missing.yaml" --out "$TMP/byo/missing"
grep -q "none.wav.*no such file" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: missing filter message"; cat "$TMP/err"; }
expect_no_file "$TMP/byo/missing"
expect 2 "a filter set named like a built-in mode" -- "$BIN" sweep "$TMP/byo/bad.yaml" --out "$TMP/byo/bad"
grep -q "built-in mode name 'ctc'" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: built-in name message"; cat "$TMP/err"; }

# Measured driver directivity (issue 17): the tweeter as a CSV "measurement" of its own piston model;
# its BRIR must carry the piston's energy (the simulator takes the CSV through its direction tables).
python3 scripts/piston-directivity-csv.py 0.0125 5 "$TMP/tweeter.csv"
sed -e "s#{name: tweeter, \(.*\), radius: 0.0125}#{name: tweeter, \1, directivity: $TMP/tweeter.csv}#" Devices/echo-studio.yaml > "$TMP/measured-device.yaml"
grep -q "tweeter.csv" "$TMP/measured-device.yaml" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: measured device file not made"; }
expect 0 "brir with a measured tweeter" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --device "$TMP/measured-device.yaml" --subtype float64 --out "$TMP/brir-measured"
python3 - "$TMP/brir-measured/tweeter.wav" "$TMP/brir64/tweeter.wav" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: measured tweeter's BRIR energy differs from the piston's"; }
import math, struct, sys
def energy(path):
    data = open(path, "rb").read(); off = 12; e = 0.0
    while off + 8 <= len(data):
        tag, size = data[off:off + 4], struct.unpack("<I", data[off + 4:off + 8])[0]
        if tag == b"data": e = sum(v * v for (v,) in struct.iter_unpack("<d", data[off + 8:off + 8 + size]))
        off += 8 + size + (size & 1)
    return e
d = 10 * math.log10(energy(sys.argv[1]) / energy(sys.argv[2]))
assert abs(d) < 0.2, d
PY
printf 'frequency_hz,azimuth_deg,elevation_deg,magnitude_db\n1000,0,0,0\n1000,90,0,-3\n2000,0,0,0\n' > "$TMP/holey.csv"
sed -e "s#radius: 0.0125}#directivity: $TMP/holey.csv}#" Devices/echo-studio.yaml > "$TMP/holey-device.yaml"
expect 2 "a directivity CSV with a hole in its grid" -- "$BIN" brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --device "$TMP/holey-device.yaml" --out "$TMP/brir-holey"
grep -q "holey.csv: the grid has no value for frequency 2000" "$TMP/err" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: grid-hole message"; cat "$TMP/err"; }

echo "cli checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
