# Soundstage: the two commands of the README.
#   make run   installs what is missing, builds in release and runs the main job
#   make test  installs what is missing, builds in release and runs every test
SWIFT ?= swift
APT_PACKAGES := libfftw3-dev libmysofa-dev pkg-config
RELEASE := -c release
BIN = .build/release/soundstage

.PHONY: run test deps build bench clean

# Installs the system packages that are missing (with sudo when not root); a no-op when present.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build $(RELEASE)

# Until the study sweep exists: the living room's RIR and metrics, the chain's design plots, the
# device's BRIRs at a sofa seat and a binaural rendering of a test programme through the full chain.
run: build
	mkdir -p Reports/quickstart
	$(BIN) rir Rooms/living-room.yaml --source 0.3,2.25,0.9 --receiver 3.3,2.25,1.2 --high-pass 20 --out Reports/quickstart/living-room-rir.wav
	$(BIN) metrics Reports/quickstart/living-room-rir.wav | tee Reports/quickstart/living-room-metrics.txt
	$(BIN) design --out Reports/quickstart/design
	$(BIN) brir Rooms/living-room.yaml --seat 2.6,2.7,1.1 --out Reports/quickstart/brir
	$(BIN) metrics Reports/quickstart/brir/tweeter.wav > Reports/quickstart/brir/tweeter-metrics.txt
	python3 scripts/test-programme.py Reports/quickstart/programme.wav
	$(BIN) render Reports/quickstart/programme.wav --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --mode spatial --out Reports/quickstart/spatial-binaural.wav
	$(BIN) render Reports/quickstart/programme.wav --room Rooms/living-room.yaml --seat 2.6,2.7,1.1 --mode reference --out Reports/quickstart/reference-binaural.wav
	@echo "Quick-start outputs in Reports/quickstart/ (the study sweep is not built yet)."

test: deps
	$(SWIFT) build $(RELEASE)
	$(SWIFT) test $(RELEASE)
	./scripts/cli-checks.sh $(BIN)

bench: deps
	$(SWIFT) build $(RELEASE) --product soundstage-bench
	.build/release/soundstage-bench all

clean:
	rm -rf .build Benchmarks/.build
