#!/bin/bash
# `make test-slurm`: the README's Slurm path run for real. Installs Debian's slurm-wlm and munge if
# missing, starts a private single-node cluster on this machine (munged, slurmctld, slurmd, with a
# generated slurm.conf on their own ports and socket under a temporary folder), submits the gate
# study as 3 shards of 1 CPU through scripts/slurm/submit.sh, waits for the merge, `diff -r`s it
# against a single run, and stops the daemons it started. Needs root (the daemons run as root).
set -euo pipefail
BIN=${1:-.build/release/soundstage}
STUDY=${STUDY:-Studies/gate.yaml} SHARDS=${SHARDS:-3} CPUS=${CPUS:-1}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-240}

missing=""
for p in slurm-wlm munge; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    echo "test-slurm: installing$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
[ -s /etc/munge/munge.key ] || { mungekey --create --keyfile=/etc/munge/munge.key && chown munge:munge /etc/munge/munge.key; }

D=$(mktemp -d /tmp/soundstage-slurm.XXXXXX)
chmod 755 "$D"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
    rm -rf "$D"
}
trap cleanup EXIT
fail() { echo "test-slurm: FAIL: $*"; for log in "$D"/*.log "$D"/run/logs/*; do [ -f "$log" ] && { echo "== $log"; tail -20 "$log"; }; done; exit 1; }

# munged, as the munge user, on a private socket.
mkdir -p "$D/munge" && chown munge:munge "$D/munge"
runuser -u munge -- /usr/sbin/munged --socket="$D/munge/socket" --pid-file="$D/munge/pid" \
    --log-file="$D/munge/log" --seed-file="$D/munge/seed"
for _ in $(seq 50); do [ -s "$D/munge/pid" ] && break; sleep 0.1; done
pids+=("$(cat "$D/munge/pid")")

node=$(hostname -s)
mkdir -p "$D/state" "$D/spool"
cat > "$D/slurm.conf" <<CONF
ClusterName=soundstage-test
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/socket
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
$(slurmd -C | head -1 | sed 's/$/ NodeAddr=127.0.0.1 State=UNKNOWN/')
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$D/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
for _ in $(seq 50); do [ -s "$D/slurmctld.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$D/slurmctld.pid")")
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
for _ in $(seq 50); do [ -s "$D/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$D/slurmd.pid")")
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.3; done
sinfo -h -o %T | grep -q idle || fail "the node did not come up idle: $(sinfo -h -o '%T %E' 2>&1)"
echo "test-slurm: cluster up ($(sinfo -h -o '%N %c CPUs %T'))"

start=$(date +%s)
merge=$(SOUNDSTAGE="$BIN" scripts/slurm/submit.sh "$STUDY" "$SHARDS" "$CPUS" "$D/run")
echo "test-slurm: submitted $SHARDS shards of $STUDY, $CPUS CPU each; merge is job $merge"
while squeue -h 2>/dev/null | grep -q .; do
    [ $(( $(date +%s) - start )) -lt "$TIMEOUT_SECONDS" ] || fail "jobs still queued after $TIMEOUT_SECONDS s: $(squeue -h)"
    sleep 1
done
[ -d "$D/run/merged" ] || fail "the merge job wrote nothing"
echo "test-slurm: jobs done in $(( $(date +%s) - start )) s; single run for comparison"
"$BIN" sweep "$STUDY" --out "$D/single" --quiet
diff -r "$D/single" "$D/run/merged" || fail "the merged shards differ from a single run"
echo "test-slurm: OK: $SHARDS Slurm shards merged = one run, byte for byte"
