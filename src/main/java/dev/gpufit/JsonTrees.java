package dev.gpufit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON text to a {@link JsonNode} tree with Jackson's streaming parser alone. It gives the tree
 * {@code ObjectMapper.readTree} gives (int, long or big-integer nodes by size, doubles for
 * fractions), without starting an {@code ObjectMapper}: setting one up costs some 30 ms of a
 * command's start (its configuration, type factory and deserializer caches, in the interpreter),
 * while this reads the packaged catalogs in a few milliseconds. For gpufit's own, trusted
 * resources; user files go through the usual mappers and their error messages.
 */
public final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /** The JSON document in {@code in} as a tree; {@code in} is read to its end, not closed. */
    public static JsonNode read(InputStream in) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() == null) {
                throw new IOException("empty JSON document");
            }
            JsonNode root = node(p);
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the JSON document at " + p.currentLocation());
            }
            return root;
        }
    }

    private static JsonNode node(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, node(p));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(node(p));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IOException("unexpected JSON token " + t + " at " + p.currentLocation());
        }
    }
}
