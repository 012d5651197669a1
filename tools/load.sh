#!/usr/bin/env bash
# The fleet load test: the built-in simulator serves N nodes x P pods in one process, Tidemark
# scrapes them in another; after a warm-up, a window is measured and reported (Markdown on
# standard output, result.md and result.json in the output directory). Builds the jars first when
# they are missing or stale. Paths are relative to the checkout. See tools/README.md.
#
#   tools/load.sh --nodes 1000 --pods 30 --interval 15s --duration 10m --warmup 2m
#   tools/load.sh --help
set -euo pipefail
# shellcheck source=tools/fleet-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/fleet-common.sh"

fleet_prepare load.sh
fleet_run LoadRun "$@"
