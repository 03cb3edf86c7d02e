#!/usr/bin/env bash
# The whole test suite: data validation, training (if needed), pytest, and
# Rasa story tests. Exits non-zero on any failure.
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"

echo "== lint and types"
scripts/lint.sh

echo "== translations"
scripts/i18n.sh compile

echo "== content check (make check)"
scripts/check.sh

echo "== train"
scripts/train.sh

echo "== pytest"
python -m pytest -q -n 2 --dist loadfile --durations=15 "$@"

echo "== rasa story tests"
rm -rf results/stories
rasa test core --model models --stories tests/stories \
  --out results/stories --fail-on-prediction-errors --quiet
echo "Story tests passed."
