package org.gridscape.scene.gltf;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** The few materials a grid scene uses; clients restyle whole features by metadata over them. */
public enum Material {
  /**
   * Opaque white for buildings: their colours are the vertex colours (COLOR_0, facade and roof by
   * use, see {@code BuildingColors}), which clients multiply with this.
   */
  BUILDING("building", "1", "1", "1", "1", "OPAQUE", false),
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
