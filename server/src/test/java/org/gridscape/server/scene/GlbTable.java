package org.gridscape.server.scene;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the property table of a GLB the scene builder wrote: enough to check per-building figures. */
final class GlbTable {

  private final JsonNode json;
  private final ByteBuffer bin;
  private final JsonNode table;
  private final JsonNode schemaClass;

  GlbTable(byte[] glb) {
    ByteBuffer buffer = ByteBuffer.wrap(glb).order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.getInt(0) != 0x46546C67) {
      throw new IllegalArgumentException("not a GLB");
    }
    int jsonLength = buffer.getInt(12);
    try {
      json = new ObjectMapper().readTree(new String(glb, 20, jsonLength, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int binStart = 20 + jsonLength;
    int binLength = buffer.getInt(binStart);
    bin = ByteBuffer.wrap(glb, binStart + 8, binLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    JsonNode metadata = json.path("extensions").path("EXT_structural_metadata");
    table = metadata.path("propertyTables").get(0);
    schemaClass = metadata.path("schema").path("classes").path(table.path("class").asText());
  }

  int count() {
    return table.path("count").asInt();
  }

  /** Values of an integer or enum column, as ints. */
  List<Integer> ints(String property) {
    JsonNode column = table.path("properties").path(property);
    JsonNode definition = schemaClass.path("properties").path(property);
    String type = definition.path("type").asText().equals("ENUM")
        ? json.path("extensions").path("EXT_structural_metadata").path("schema").path("enums")
            .path(definition.path("enumType").asText()).path("valueType").asText("UINT16")
        : definition.path("componentType").asText();
    ByteBuffer view = view(column.path("values").asInt());
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < count(); i++) {
      out.add(switch (type) {
        case "UINT8" -> view.get(i) & 0xFF;
        case "UINT16" -> view.getShort(i * 2) & 0xFFFF;
        case "UINT32" -> view.getInt(i * 4);
        default -> throw new IllegalArgumentException(property + " has type " + type);
      });
    }
    return out;
  }

  /** The name of each row's enum value. */
  List<String> enumNames(String property) {
    String enumType = schemaClass.path("properties").path(property).path("enumType").asText();
    JsonNode values = json.path("extensions").path("EXT_structural_metadata").path("schema").path("enums")
        .path(enumType).path("values");
    List<String> out = new ArrayList<>();
    for (int value : ints(property)) {
      for (JsonNode v : values) {
        if (v.path("value").asInt() == value) {
          out.add(v.path("name").asText());
        }
      }
    }
    return out;
  }

  List<String> strings(String property) {
    JsonNode column = table.path("properties").path(property);
    ByteBuffer values = view(column.path("values").asInt());
    ByteBuffer offsets = view(column.path("stringOffsets").asInt());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count(); i++) {
      int from = offsets.getInt(i * 4);
      int to = offsets.getInt(i * 4 + 4);
      byte[] text = new byte[to - from];
      values.get(from, text);
      out.add(new String(text, StandardCharsets.UTF_8));
    }
    return out;
  }

  private ByteBuffer view(int index) {
    JsonNode view = json.path("bufferViews").get(index);
    int offset = view.path("byteOffset").asInt(0);
    return bin.slice(offset, view.path("byteLength").asInt()).order(ByteOrder.LITTLE_ENDIAN);
  }
}
