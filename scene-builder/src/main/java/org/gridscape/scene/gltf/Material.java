package org.gridscape.scene.gltf;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** The few materials a grid scene uses; colours are neutral so clients style by metadata. */
public enum Material {
  /** Opaque light grey for buildings. */
  BUILDING("building", "0.86", "0.86", "0.84", "1", "OPAQUE", false),
  /** Translucent cyan, double-sided, for the grid boundary wall. */
  GRID_BOUNDARY("gridBoundary", "0", "0.75", "1", "0.35", "BLEND", true);

  private final String name;
  private final String[] rgba;
  private final String alphaMode;
  private final boolean doubleSided;

  Material(String name, String r, String g, String b, String a, String alphaMode,
      boolean doubleSided) {
    this.name = name;
    this.rgba = new String[] {r, g, b, a};
    this.alphaMode = alphaMode;
    this.doubleSided = doubleSided;
  }

  public String alphaMode() {
    return alphaMode;
  }

  void write(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeObjectFieldStart("pbrMetallicRoughness");
    json.writeArrayFieldStart("baseColorFactor");
    for (String component : rgba) {
      json.writeNumber(component);
    }
    json.writeEndArray();
    json.writeNumberField("metallicFactor", 0);
    json.writeNumberField("roughnessFactor", 1);
    json.writeEndObject();
    if (!"OPAQUE".equals(alphaMode)) {
      json.writeStringField("alphaMode", alphaMode);
    }
    if (doubleSided) {
      json.writeBooleanField("doubleSided", true);
    }
    json.writeEndObject();
  }
}
