#!/usr/bin/env bash
# Preflight for a vLLM launch: ask gpufit first, start vLLM only when the model fits.
#
#   scripts/examples/preflight-vllm.sh MODEL [--max-model-len N] [--tensor-parallel-size N] [other vllm serve args]
#
# The vLLM arguments gpufit understands are passed on to `gpufit fit`; all arguments go to
# `vllm serve` unchanged. VLLM (default: vllm) names the launcher, GPUFIT the gpufit command.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gpufit="${GPUFIT:-$here/../gpufit}"
vllm="${VLLM:-vllm}"

[ $# -ge 1 ] || { echo "usage: $0 MODEL [vllm serve args...]" >&2; exit 2; }
model="$1"; shift

fit_args=(fit "$model" --engine vllm)
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --max-model-len) fit_args+=(--context "${args[$((i + 1))]}") ;;
    --max-model-len=*) fit_args+=(--context "${args[$i]#*=}") ;;
    --tensor-parallel-size|-tp) fit_args+=(--tp "${args[$((i + 1))]}") ;;
    --tensor-parallel-size=*) fit_args+=(--tp "${args[$i]#*=}") ;;
    --gpu-memory-utilization) fit_args+=(--gpu-memory-utilization "${args[$((i + 1))]}") ;;
    --gpu-memory-utilization=*) fit_args+=(--gpu-memory-utilization "${args[$i]#*=}") ;;
    # vLLM's default "auto" means the model's dtype, which is gpufit's default too
    --kv-cache-dtype) [ "${args[$((i + 1))]}" = auto ] || fit_args+=(--kv-dtype "${args[$((i + 1))]}") ;;
    --kv-cache-dtype=*) [ "${args[$i]#*=}" = auto ] || fit_args+=(--kv-dtype "${args[$i]#*=}") ;;
    --enforce-eager) fit_args+=(--enforce-eager) ;;
    --max-num-batched-tokens) fit_args+=(--max-num-batched-tokens "${args[$((i + 1))]}") ;;
    --max-num-batched-tokens=*) fit_args+=(--max-num-batched-tokens "${args[$i]#*=}") ;;
    --max-num-seqs) fit_args+=(--max-num-seqs "${args[$((i + 1))]}") ;;
    --max-num-seqs=*) fit_args+=(--max-num-seqs "${args[$i]#*=}") ;;
  esac
done

"$gpufit" "${fit_args[@]}"
rc=$?
case $rc in
  0) ;;
  3) echo "preflight: $model does not fit here (see above); not starting vLLM" >&2; exit 3 ;;
  *) echo "preflight: gpufit could not answer (exit $rc); not starting vLLM" >&2; exit "$rc" ;;
esac
exec "$vllm" serve "$model" "$@"
