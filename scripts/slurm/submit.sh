#!/bin/bash
# A sharded sweep on Slurm: an array job of SHARDS tasks (CPUS cores each, one shard per task), then a
# merge job that runs only if every task succeeded and writes OUT/merged, exactly what one
# `soundstage sweep STUDY --out OUT/merged` writes. Prints the merge job's id.
#   usage: scripts/slurm/submit.sh STUDY SHARDS CPUS OUT     (run from the repository, after make build)
# The Kubernetes example in the README runs the same command per shard.
set -euo pipefail
if [ $# -ne 4 ]; then echo "usage: $0 STUDY SHARDS CPUS OUT" >&2; exit 2; fi
study=$1 shards=$2 cpus=$3 out=$4
soundstage=${SOUNDSTAGE:-.build/release/soundstage}
mkdir -p "$out/shards" "$out/logs"
array=$(sbatch --parsable --array="1-$shards" --cpus-per-task="$cpus" --mem-per-cpu=1G \
    --output="$out/logs/shard-%a.out" scripts/slurm/sweep-array.sh "$study" "$shards" "$out")
shard_dirs=$(seq -f "$out/shards/%g" 1 "$shards" | tr '\n' ' ')
sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --job-name=soundstage-merge --output="$out/logs/merge.out" \
    --wrap "$soundstage merge $shard_dirs --out $out/merged"
