#!/usr/bin/env bash
# Start llama-server only when the model fits, pinned to the GPUs that fit (docs/fit.md#preflight-in-launch-scripts):
#   scripts/examples/preflight-llama-server.sh -m MODEL.gguf [llama-server args...]     exit 3: does not fit, not started
exec "${GPUFIT:-$(dirname "${BASH_SOURCE[0]}")/../gpufit}" run -- llama-server "$@"
