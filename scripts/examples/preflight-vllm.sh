#!/usr/bin/env bash
# Start vLLM only when the model fits, pinned to the GPUs that fit (docs/fit.md#preflight-in-launch-scripts):
#   scripts/examples/preflight-vllm.sh MODEL [vllm serve args...]     exit 3: does not fit, not started
exec "${GPUFIT:-$(dirname "${BASH_SOURCE[0]}")/../gpufit}" run -- vllm serve "$@"
