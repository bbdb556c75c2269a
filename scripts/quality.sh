#!/usr/bin/env bash
# Regenerate the figures in docs/quality.md from the development sets:
#   scripts/quality.sh PATH-TO-DEV-SETS
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" scripts/quality.py "$@"
