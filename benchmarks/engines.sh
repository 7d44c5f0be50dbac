#!/usr/bin/env bash
# coursekit's engine backend against the matching docker CLI, and the docker CLI against
# `coursekit serve` beside the same engine, on each engine in turn, in one run.
#
#   sudo bash benchmarks/engines.sh [ROUNDS]     (make bench-engines)
#
# Starts engine 28.5 (CLI 28.5.2), then engine 20.10 (CLI 28.2.2) with .ci/engines.sh, one
# at a time, and runs benchmarks/engine.py and benchmarks/api.py against each with its own
# CLI first on PATH.
# Needs root and what .ci/engines.sh needs; refuses if an engine it did not start answers.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/engines.sh
source .ci/engines.sh
ENGINES_DIR="${ENGINES_DIR:-/var/tmp/coursekit-engines}"
engines_fetch_28 "$ENGINES_DIR" >/dev/null
trap 'engines_stop' EXIT
for version in 28.5 20.10; do
    engines_start "$version" >/dev/null
    printf '\n== engine %s, CLI %s ==\n' "$("$ENGINES_CLI" version --format '{{.Server.Version}}')" \
        "$("$ENGINES_CLI" version --format '{{.Client.Version}}')"
    PATH="$ENGINES_CLI_PATH:$PATH" .venv/bin/python benchmarks/engine.py "${1:-15}"
    PATH="$ENGINES_CLI_PATH:$PATH" .venv/bin/python benchmarks/api.py "${1:-15}"
    engines_stop >/dev/null
done
trap - EXIT
