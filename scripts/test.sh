#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests use, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -B -ntp verify "$@"
