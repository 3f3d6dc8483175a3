#!/bin/sh
# Checks config/prometheus (and the Grafana dashboard's queries) with promtool; run by `mvn verify`.
# Exits non-zero when promtool is missing or any check fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

if ! command -v promtool >/dev/null 2>&1; then
  echo "config/prometheus/check.sh: promtool not found; install it (Debian: apt-get install prometheus) or skip with -Dprometheus.check.skip=true" >&2
  exit 1
fi

promtool check rules gpufit-rules.yml
promtool check config scrape-static.yml

# Debian's prometheus is built without Kubernetes service discovery, so its promtool rejects
# kubernetes_sd_configs as an unknown field; upstream's promtool checks the file fully.
if ! out=$(promtool check config scrape-kubernetes.yml 2>&1); then
  case "$out" in
    *"field kubernetes_sd_configs not found"*)
      echo "scrape-kubernetes.yml: not checked (this promtool is built without Kubernetes service discovery)" ;;
    *) echo "$out" >&2; exit 1 ;;
  esac
else
  echo "$out"
fi

promtool test rules tests/*.yml

# the Grafana dashboard: valid JSON, and every query returns data on the same test fleet
if ! command -v python3 >/dev/null 2>&1; then
  echo "config/prometheus/check.sh: python3 not found; it checks config/grafana's dashboard queries" >&2
  exit 1
fi
python3 ../grafana/check-queries.py
