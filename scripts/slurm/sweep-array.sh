#!/bin/bash
# One shard of a sharded sweep, as a Slurm array task: task K of N sweeps shard K/N of STUDY into
# OUT/shards/K. Submitted by scripts/slurm/submit.sh (README "Scale-out: shards"), which sets the
# array size, the CPUs per task and the merge after every task.
#   usage (by sbatch): sweep-array.sh STUDY SHARDS OUT
#SBATCH --job-name=soundstage-sweep
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail
study=$1 shards=$2 out=$3
soundstage=${SOUNDSTAGE:-.build/release/soundstage}
exec "$soundstage" sweep "$study" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "$SLURM_ARRAY_TASK_ID/$shards" --out "$out/shards/$SLURM_ARRAY_TASK_ID" --quiet
