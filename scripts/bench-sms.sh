#!/usr/bin/env bash
# SMS webhook latency under 10 concurrent senders (see bench/sms_benchmark.py).
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/i18n.sh" compile >/dev/null
"$ROOT/scripts/train.sh"
python bench/sms_benchmark.py "$@"
