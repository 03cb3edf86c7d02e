#!/usr/bin/env bash
# make report: one self-contained HTML page and CSVs in var/report/ from the
# conversations, bookings and handoff cases (bot/report/).
set -euo pipefail
source "$(dirname "$0")/env.sh"
python -m bot.report "$@"
