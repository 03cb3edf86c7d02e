#!/usr/bin/env bash
# The fast loop: lint, types and the unit tests, without training a model or
# starting servers (make test runs these too, and everything else).
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
scripts/lint.sh
scripts/i18n.sh compile
python -m pytest -q -n 2 tests/unit "$@"
