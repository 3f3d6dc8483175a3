package dev.gpufit.launch;

/** llama.cpp {@code -fa on|off|auto}. */
public enum FlashAttn {
    ON,
    OFF,
    AUTO
}
