#!/bin/bash
# Side-by-side timing of two entigraph binaries on one corpus, interleaved so that both see the
# same machine: in each round, the count-only aho-corasick reference, then each binary's
# `extract --jobs 1` and `build --jobs 2` (wall, CPU, peak RSS from /usr/bin/time).
#
# usage: scripts/ab_compare.sh OLD_BINARY NEW_BINARY CORPUS.jsonl GAZETTEER_DIR [ROUNDS]
# (build the reference first: cargo build --release --examples)
set -euo pipefail
old=$1 new=$2 corpus=$3 gaz=$4 rounds=${5:-3}
ref="$(dirname "$0")/../target/release/examples/ac_reference"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
t() { /usr/bin/time -f "%e s wall, %U s user, %M KB" "$@"; }
for r in $(seq "$rounds"); do
    echo "-- round $r"
    echo -n "reference: "; "$ref" "$gaz" "$corpus" | sed 's/.*match_s=/match_s=/'
    for name in old new; do
        bin=$old; [ "$name" = new ] && bin=$new
        echo -n "$name extract --jobs 1: "
        t "$bin" extract "$corpus" --gazetteer "$gaz" --jobs 1 2>&1 >/dev/null | tail -1
        echo -n "$name build --jobs 2: "
        t "$bin" build "$corpus" --gazetteer "$gaz" --out "$out/$name" --jobs 2 --quiet 2>&1 | tail -1
    done
done
