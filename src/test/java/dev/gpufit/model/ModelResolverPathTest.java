package dev.gpufit.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelResolverPathTest {
    @Test
    void pathsAreTellableFromIds() {
        for (String p : new String[] {
            "./m", "../m", "/models/x", "~/x", "m.gguf", "M.GGUF", "config.json", "a/b/c", "a/", "/a", "x.safetensors"
        }) {
            assertTrue(ModelResolver.looksLikePath(p), p);
        }
        for (String id : new String[] {"llama-3.1-8b", "meta-llama/Llama-3.1-8B", "Qwen/Qwen2.5-7B-Instruct", "gpt2"}) {
            assertFalse(ModelResolver.looksLikePath(id), id);
        }
    }
}
