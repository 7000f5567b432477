# Soundstage: the two commands of the README.
#   make run   installs what is missing, builds in release and sweeps the default study into Reports/default
#   make test  installs what is missing, builds in release, runs every test and the regression gate
SWIFT ?= swift
APT_PACKAGES := libfftw3-dev libmysofa-dev libsndfile1-dev libnetcdf-dev pkg-config librsvg2-bin
# What only the tests use: independent readers and writers (h5py reads SOFA files, sox writes FLAC/AIFF).
TEST_APT_PACKAGES := python3-h5py sox
RELEASE := -c release
STUDY ?= Studies/default.yaml
BIN = .build/release/soundstage

.PHONY: run byo quickstart test test-slurm lint format deps test-deps build bench wisdom fuzz fuzz-build fuzz-smoke clean

# Installs the system packages that are missing (with sudo when not root); a no-op when present.
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"
test-deps: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"
apt-install:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build $(RELEASE)

# The main job: the default study (Studies/default.yaml: three rooms, a 15 × 15 sofa grid, every
# mode) into Reports/default: results.csv, summary.md/json, maps/, design/.
run: build
	$(BIN) sweep $(STUDY) --out Reports/default
	@echo "Summary: Reports/default/summary.md"

# Bring your own filters, the worked example (README "Bring your own design"): export the built-in
# chain's fixed filters and those of a chain designed on a wider head, then sweep Studies/byo-filters.yaml,
# which loads them as filter-set modes next to ctc, into Reports/byo/study.
byo: build
	mkdir -p Reports/byo
	$(BIN) design --out Reports/byo/design --export-filters Reports/byo/filters
	$(BIN) design --chain Chains/ctc-wide-head.yaml --out Reports/byo/design-wide-head --export-filters Reports/byo/wide-head
	$(BIN) sweep Studies/byo-filters.yaml --out Reports/byo/study
	python3 scripts/compare-modes.py Reports/byo/study/results.csv ctc ctc-exported
	python3 scripts/compare-modes.py Reports/byo/study/results.csv spatial spatial-exported

# A tour of the single-seat commands: the living room's RIR and metrics, the chain's design plots,
# the device's BRIRs at a sofa seat and a binaural rendering of a test programme through the chain.
quickstart: build
	mkdir -p Reports/quickstart
	$(BIN) rir Rooms/living-room.yaml --source 0.3,2.25,0.9 --receiver 3.3,2.25,1.2 --high-pass 20 --out Reports/quickstart/living-room-rir.wav
	$(BIN) metrics Reports/quickstart/living-room-rir.wav | tee Reports/quickstart/living-room-metrics.txt
	$(BIN) design --out Reports/quickstart/design
	$(BIN) brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --out Reports/quickstart/brir
	$(BIN) metrics Reports/quickstart/brir/tweeter.wav > Reports/quickstart/brir/tweeter-metrics.txt
	python3 scripts/test-programme.py Reports/quickstart/programme.wav
	$(BIN) render Reports/quickstart/programme.wav --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --mode spatial --out Reports/quickstart/spatial-binaural.wav
	$(BIN) render Reports/quickstart/programme.wav --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --mode reference --out Reports/quickstart/reference-binaural.wav

# Style: swift format's lint with .swift-format (Tests/ and Benchmarks/ may force-unwrap), then the
# limits it does not check (120 characters a line, 60 lines a function). Seconds, no build.
LINTED := Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Sources Fuzz/Package.swift Fuzz/Sources
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(LINTED)
	python3 scripts/lint-limits.py Sources
	python3 scripts/lint-limits.py --lines-only Tests Benchmarks/Sources Fuzz/Sources

# Rewrites the sources in the house layout (what `make lint` checks).
format:
	$(SWIFT) format format --in-place --recursive --parallel $(LINTED)

# Lint, unit tests, command-line checks, then the gate: the small gate study against Reports/baseline.
test: test-deps lint
	$(SWIFT) build $(RELEASE)
	$(SWIFT) test $(RELEASE)
	./scripts/cli-checks.sh $(BIN)
	$(MAKE) fuzz-smoke
	$(BIN) check --study Studies/gate.yaml --baseline Reports/baseline/summary.json
	./scripts/test-slurm.sh $(BIN)

# The README's Slurm path for real: a private single-node cluster (slurm-wlm + munge, installed if
# missing), the gate study as 3 array tasks of 1 CPU, the merge, `diff -r` against one run (about 20 s).
test-slurm: build
	./scripts/test-slurm.sh $(BIN)

# Benchmarks are their own package (Benchmarks/Package.swift): building the product never builds them.
# One table, side by side in one run: soundstage against pyroomacoustics (installed in a throwaway
# venv, .build/bench-venv), whole processes and in-process, peak memory, the responses' agreement,
# the default study's seats/s; then the furnished room against pyroomacoustics' hybrid simulator.
bench: build
	python3 Benchmarks/bench.py
	.build/bench-venv/bin/python Benchmarks/compare_hybrid_pyroomacoustics.py $(BIN)

# Maintainers: regenerates Sources/SoundstageDSP/FFTWisdom.swift, FFTW's measured plans for every transform
# size the default and gate studies' sweeps use, on this machine (a few minutes: each size is timed).
# The build plan is dropped first for the reason bench.py gives.
wisdom: build
	rm -f Benchmarks/.build/release.yaml
	$(SWIFT) build -c release --package-path Benchmarks --product soundstage-bench
	Benchmarks/.build/release/soundstage-bench fftw-wisdom

# Fuzzing (libFuzzer through Swift's -sanitize=fuzzer): every input goes to the scene-file parsers
# (room, study, seats, chain, device, head) and the audio reader (libsndfile: WAV, FLAC, AIFF, …); a
# crash, trap, hang (10 s) or 2 GB of memory is a finding, written to .build/fuzz-findings/.
# `make fuzz FUZZ_SECONDS=3600` runs as long as asked, keeping what it learns in .build/fuzz-corpus;
# `make test` runs a fixed-seed 60 000 inputs (about a minute, the same inputs every time) from the committed corpus
# (Tests/Fixtures/fuzz/corpus, where findings are kept as seeds).
# Swift's own crash backtracer is switched off so libFuzzer sees the trap and saves the input.
FUZZ_BIN = SWIFT_BACKTRACE=enable=no Fuzz/.build/release/soundstage-fuzz
FUZZ_SECONDS ?= 600
FUZZ_FLAGS = -rss_limit_mb=2048 -timeout=10 -artifact_prefix=.build/fuzz-findings/
# The Fuzz package's kept build plan misses files added to or removed from Sources/ (as Benchmarks'
# does, see Benchmarks/bench.py); dropping it costs seconds.
fuzz-build: deps
	rm -f Fuzz/.build/release.yaml
	$(SWIFT) build $(RELEASE) --package-path Fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
fuzz: fuzz-build
	mkdir -p .build/fuzz-corpus .build/fuzz-findings
	$(FUZZ_BIN) $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 .build/fuzz-corpus Tests/Fixtures/fuzz/corpus
fuzz-smoke: fuzz-build
	mkdir -p .build/fuzz-findings
	corpus=$$(mktemp -d) && $(FUZZ_BIN) $(FUZZ_FLAGS) -seed=1 -runs=60000 "$$corpus" Tests/Fixtures/fuzz/corpus; \
	  status=$$?; rm -rf "$$corpus"; exit $$status

clean:
	rm -rf .build Benchmarks/.build Fuzz/.build
