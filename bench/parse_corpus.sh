#!/usr/bin/env bash
# Parser throughput over the public corpus: runs `cargo bench --bench parse_corpus`
# (benches/parse_corpus.rs; KQLC_BENCH_ROUNDS sets the rounds, default 5) and prints its figure.
#
# When benches/parse_corpus.rs is not on this branch yet but exists on branch `parser`
# (PARSE_BENCH_REV overrides the revision), the bench is run from a scratch copy of HEAD
# plus that one file under target/bench/parse-scratch, sharing this crate's target/.
# Nothing in the working tree changes. Exit status: 0 with the figure, 2 when it cannot run.
set -euo pipefail

crate="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$crate"
export KQLC_SHARED="${KQLC_SHARED:-$crate/../shared}"

if [[ ! -f "$KQLC_SHARED/corpus/kql.public.jsonl" ]]; then
    echo "SKIPPED: $KQLC_SHARED/corpus/kql.public.jsonl is absent" >&2
    exit 2
fi

run_bench() {
    # $1: crate directory holding benches/parse_corpus.rs and its [[bench]] entry.
    (cd "$1" && CARGO_TARGET_DIR="$crate/target" cargo bench --quiet --bench parse_corpus 2>/dev/null) \
        | grep -E '^(parsed|SKIPPED)'
}

if [[ -f benches/parse_corpus.rs ]]; then
    run_bench "$crate"
    exit 0
fi

rev="${PARSE_BENCH_REV:-parser}"
if ! git cat-file -e "$rev:benches/parse_corpus.rs" 2>/dev/null; then
    echo "SKIPPED: benches/parse_corpus.rs is neither here nor on '$rev'" >&2
    exit 2
fi

scratch="$crate/target/bench/parse-scratch"
echo "note: benches/parse_corpus.rs is not on this branch; running it from '$rev' against HEAD $(git rev-parse --short HEAD) in $scratch" >&2
rm -rf "$scratch"
mkdir -p "$scratch/benches"
git archive HEAD | tar -x -C "$scratch"
git show "$rev:benches/parse_corpus.rs" > "$scratch/benches/parse_corpus.rs"
if ! grep -q 'name = "parse_corpus"' "$scratch/Cargo.toml"; then
    printf '\n[[bench]]\nname = "parse_corpus"\nharness = false\n' >> "$scratch/Cargo.toml"
fi
run_bench "$scratch"
