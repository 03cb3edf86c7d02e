#!/usr/bin/env bash
# Be a phone in the terminal: type SMS to the running assistant (make run)
# and see every SMS it sends to your number. Options: --help.
set -euo pipefail
source "$(dirname "$0")/env.sh"
exec python -m bot.sms.simulator "$@"
