#!/usr/bin/env bash
# make publish: check, then put editors' changes live (bot/publish/).
# Text-only changes need no training; training changes are trained and the
# model is loaded into the running assistant (INNGANG_SERVER_URL, default
# http://localhost:5005) without a restart.
set -euo pipefail
source "$(dirname "$0")/env.sh"
python -m bot.publish "$@"
