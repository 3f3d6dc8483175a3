#!/usr/bin/env bash
# Preflight for a llama.cpp server launch: ask gpufit first, start llama-server only when the
# model fits.
#
#   scripts/examples/preflight-llama-server.sh -m model.gguf [-c N] [-ngl N] [-np N] [other llama-server args]
#
# The arguments gpufit understands are passed on to `gpufit fit`; all arguments go to
# llama-server unchanged. LLAMA_SERVER (default: llama-server) names the launcher, GPUFIT the
# gpufit command.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gpufit="${GPUFIT:-$here/../gpufit}"
server="${LLAMA_SERVER:-llama-server}"

model=""
fit_opts=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  v="${args[$((i + 1))]:-}"
  case "${args[$i]}" in
    -m|--model) model="$v" ;;
    -c|--ctx-size) fit_opts+=(--context "$v") ;;
    -ngl|--gpu-layers|--n-gpu-layers) fit_opts+=(--gpu-layers "$v") ;;
    -np|--parallel) fit_opts+=(--parallel "$v") ;;
    -ub|--ubatch-size) fit_opts+=(--ubatch "$v") ;;
    -b|--batch-size) fit_opts+=(--n-batch "$v") ;;
    -ctk|--cache-type-k) fit_opts+=(--kv-dtype "$v") ;;
    -fa|--flash-attn) [ "$v" = "on" ] || [ "$v" = "off" ] && fit_opts+=(--flash-attn "$v") ;;
    --mmproj) fit_opts+=(--mmproj "$v") ;;
  esac
done
[ -n "$model" ] || { echo "usage: $0 -m MODEL.gguf [llama-server args...]" >&2; exit 2; }

"$gpufit" fit "$model" --engine llama.cpp "${fit_opts[@]}"
rc=$?
case $rc in
  0) ;;
  3) echo "preflight: $model does not fit here (see above); not starting llama-server" >&2; exit 3 ;;
  *) echo "preflight: gpufit could not answer (exit $rc); not starting llama-server" >&2; exit "$rc" ;;
esac
exec "$server" "$@"
