#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for a fixed time budget, one after the other (not in CI).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 600 s, every target
#
# Needs a nightly toolchain (`rustup toolchain list`) and cargo-fuzz (`cargo install cargo-fuzz`):
# libFuzzer's coverage instrumentation and AddressSanitizer need nightly-only rustc flags.
# A crash input is written to fuzz/artifacts/TARGET/; commit it as a regression case under
# tests/data/fuzz/TARGET/ (tests/robust_fuzz_regressions.rs replays every file there).
# Each run's last lines (executions, coverage) go to fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fold gazetteer_tsv jsonl rules)
fi
mkdir -p logs
# Seed the corpora from the repository's own inputs, so the fuzzer starts from real text.
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    case $t in
        fold | rules) cp -n ../seeds/*.txt "corpus/$t/" 2>/dev/null || true ;;
        gazetteer_tsv) for f in ../gazetteer/*.tsv; do
                head -c 4000 "$f" > "corpus/$t/$(basename "$f")"; done ;;
        jsonl) printf '{"id":"a","text":"Maryam Rajavi in Paris","title":"T"}\n{broken\n' \
                > "corpus/$t/seed.jsonl" ;;
    esac
    if [ -d "../tests/data/fuzz/$t" ]; then cp -n "../tests/data/fuzz/$t"/* "corpus/$t/" 2>/dev/null || true; fi
done
status=0
for t in "${targets[@]}"; do
    echo "== $t: ${secs}s"
    if nice cargo +nightly fuzz run -O "$t" -- -max_total_time="$secs" -max_len=65536 \
        -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 > "logs/$t.log" 2>&1; then
        grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|Done)' "logs/$t.log" || tail -3 "logs/$t.log"
    else
        echo "!! $t found a problem: see fuzz/logs/$t.log and fuzz/artifacts/$t/"
        tail -30 "logs/$t.log"
        status=1
    fi
done
exit $status
