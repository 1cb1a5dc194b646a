#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests use, then builds and runs every test, then
# builds the installable bundle and checks it (-Ppackage: packaging/check-bundle.sh at verify; a quickly
# compressed .deb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -B -ntp -Ppackage -Dbundle.fast=true verify "$@"
