#!/usr/bin/env bash
# Booking store throughput on SQLite and Redis (see bench/booking_benchmark.py).
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
python bench/booking_benchmark.py "$@"
