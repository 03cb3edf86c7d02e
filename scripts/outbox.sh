#!/usr/bin/env bash
# Lists the outbox (queued, sent, delivered, failed …) with numbers masked.
# Reads REDIS_URL / INNGANG_DATA_DIR like the assistant. Options: --help.
set -euo pipefail
source "$(dirname "$0")/env.sh"
exec python -m bot.outbox.listing "$@"
