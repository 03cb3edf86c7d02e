#!/usr/bin/env bash
# Load benchmark: Inngang against a stock `rasa init` assistant in the same
# run, REST and SMS, 1/10/50 conversations (see bench/load_benchmark.py).
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/train.sh"
python bench/load_benchmark.py "$@"
