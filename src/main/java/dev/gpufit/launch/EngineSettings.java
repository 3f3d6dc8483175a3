package dev.gpufit.launch;

/** The memory-relevant settings a launch sets, typed per engine. */
public sealed interface EngineSettings permits VllmLaunch, LlamaLaunch {}
