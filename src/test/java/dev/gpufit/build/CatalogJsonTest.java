package dev.gpufit.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gpufit.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged config/*.json, which gpufit reads, says what the editable config/*.yaml says:
 * the build makes one from the other, and this fails when they drift apart (a YAML edited
 * without a build, a converter that loses a field or a number's type).
 */
class CatalogJsonTest {
    static byte[] packaged(String name) throws IOException {
        try (InputStream in = CatalogJsonTest.class.getResourceAsStream("/config/" + name + ".json")) {
            assertNotNull(in, "the build did not write config/" + name + ".json (exec-maven-plugin pack-catalogs)");
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"models", "devices"})
    void packagedJsonIsTheYamlSource(String name) throws IOException {
        String yaml = Files.readString(Path.of("config", name + ".yaml"), StandardCharsets.UTF_8);
        JsonNode fromYaml = new YAMLMapper().readTree(yaml);
        byte[] json = packaged(name);
        // the tree gpufit reads at run time, node types included (an int stays an int, 1e-05 a double)
        assertEquals(fromYaml, JsonTrees.read(new ByteArrayInputStream(json)));
        assertEquals(fromYaml, new ObjectMapper().readTree(json));
        // and the bytes are what the converter makes of the YAML now
        assertArrayEquals(PackCatalogs.toJson(yaml), json, name + ".json is stale: run mvn process-classes");
    }

    @Test
    void jsonTreesReadsLikeTheObjectMapper() throws IOException {
        String json = "{\"a\":[1,2147483648,123456789012345678901234567890,1.5,1e-05,-0.0,true,false,null,\"x\"],"
                + "\"b\":{\"c\":{}},\"d\":[]}";
        assertEquals(
                new ObjectMapper().readTree(json),
                JsonTrees.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        assertThrows(IOException.class, () -> JsonTrees.read(new ByteArrayInputStream(new byte[0])));
        assertThrows(
                IOException.class,
                () -> JsonTrees.read(new ByteArrayInputStream("{} {}".getBytes(StandardCharsets.UTF_8))));
        assertThrows(
                IOException.class,
                () -> JsonTrees.read(new ByteArrayInputStream("{\"a\":".getBytes(StandardCharsets.UTF_8))));
    }
}
