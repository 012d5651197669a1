#!/usr/bin/env bash
# The side-by-side: one simulated fleet's /metrics/resource scraped by Tidemark, Prometheus and
# VictoriaMetrics in turn, at the same interval for the same time, then the same queries against
# each; reports the figures and the ratios Tidemark / peer (Markdown on standard output,
# result.md and result.json in the output directory). Installs the peers' Debian packages when
# they are missing and builds the jars when they are missing or stale. Paths are relative to the
# checkout. See tools/README.md.
#
#   tools/compare.sh --nodes 1000 --pods 30 --interval 15s --duration 10m --warmup 2m
#   tools/compare.sh --help
set -euo pipefail
# shellcheck source=tools/fleet-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/fleet-common.sh"

# Which peers this run needs, and which binaries it would use (the same defaults as CompareRun).
systems="tidemark,prometheus,victoriametrics"
prometheus_bin=prometheus
victoriametrics_bin=victoria-metrics
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --systems) systems="${args[i + 1]:-}" ;;
    --systems=*) systems="${args[i]#--systems=}" ;;
    --prometheus-bin) prometheus_bin="${args[i + 1]:-}" ;;
    --prometheus-bin=*) prometheus_bin="${args[i]#--prometheus-bin=}" ;;
    --victoriametrics-bin) victoriametrics_bin="${args[i + 1]:-}" ;;
    --victoriametrics-bin=*) victoriametrics_bin="${args[i]#--victoriametrics-bin=}" ;;
  esac
done
missing=()
if [[ ",$systems," == *",prometheus,"* ]] && ! command -v "$prometheus_bin" >/dev/null 2>&1; then
  missing+=(prometheus)
fi
if [[ ",$systems," == *",victoriametrics,"* ]] && ! command -v "$victoriametrics_bin" >/dev/null 2>&1; then
  missing+=(victoria-metrics)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "compare.sh: installing ${missing[*]} (Debian packages)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  echo "compare.sh: where the packages started system services (systemd), stop them for quieter" \
    "figures: systemctl stop prometheus victoria-metrics" >&2
fi

fleet_prepare compare.sh
fleet_run CompareRun "$@"
