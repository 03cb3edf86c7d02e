#!/usr/bin/env bash
# Lint (ruff: pycodestyle, pyflakes, import order, bugbear) and type check
# (mypy on bot/); settings in pyproject.toml. make test and CI run it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
ruff check .
mypy
