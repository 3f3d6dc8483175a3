/**
 * Engine command lines read the way the engines read them: {@code vllm serve MODEL ...} and
 * llama.cpp's {@code llama-server} / {@code llama-cli}. Pure parsing: the environment is passed
 * in, nothing is probed or resolved here. Each flag is modelled (a typed field of the result),
 * harmless (passes through) or refused (changes memory in a way gpufit does not model). The
 * tables and the engine sources they were checked against are listed in docs/engine-flags.md.
 */
package dev.gpufit.launch;
