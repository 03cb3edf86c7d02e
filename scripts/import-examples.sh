#!/usr/bin/env bash
# make import-examples: rows of var/report/misses.csv with an intent written
# beside them become training examples in data/nlu/<language>/from_report.yml.
set -euo pipefail
source "$(dirname "$0")/env.sh"
python -m bot.report.import_examples "$@"
