#!/usr/bin/env bash
# Lists handoff cases per bydel and contact, with age and masked numbers.
# Reads REDIS_URL / INNGANG_DATA_DIR like the assistant. Options: --help.
set -euo pipefail
source "$(dirname "$0")/env.sh"
exec python -m bot.handoff.listing "$@"
