#!/usr/bin/env bash
# Staff view of bookings per session (see bot/booking/staff.py); --csv FILE exports.
set -euo pipefail
source "$(dirname "$0")/env.sh"
python -m bot.booking.staff "$@"
