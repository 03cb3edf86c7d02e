#!/usr/bin/env bash
# NLU benchmark: full training on data/, evaluation on bench/holdout/,
# report in bench/results/ (see bench/nlu_benchmark.py).
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
python bench/nlu_benchmark.py "$@"
