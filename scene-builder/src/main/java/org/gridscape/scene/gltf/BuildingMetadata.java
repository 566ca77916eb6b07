package org.gridscape.scene.gltf;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.gridscape.scene.model.IllegalConstructionStatus;
import org.gridscape.scene.model.SafetyGrade;

/**
 * The EXT_structural_metadata schema of GridScape features and the encoder of their property
 * table. Types are chosen for the widest client support: no 64-bit integers, flags as UINT8 0/1
 * (some clients fail on BOOLEAN), UINT32 string offsets, enums as UINT8.
 */
public final class BuildingMetadata {
  public static final String SCHEMA_ID = "gridscape";
  public static final String CLASS_NAME = "building";

  /** One column of the property table. */
  sealed interface Property permits StringProperty, IntProperty, FloatProperty, EnumProperty {
    String name();
  }

  record StringProperty(String name, Function<FeatureRow, String> value) implements Property {}

  /** Unsigned integer column; {@code noData} &lt; 0 when every value is meaningful. */
  record IntProperty(String name, String componentType, int noData, ToIntFunction<FeatureRow> value)
      implements Property {}

  record FloatProperty(String name, ToFloat value) implements Property {}

  record EnumProperty(String name, String enumType, ToIntFunction<FeatureRow> value)
      implements Property {}

  @FunctionalInterface
  interface ToFloat {
    float apply(FeatureRow row);
  }

  /** Columns in table order; names are the schema's property ids. */
  static final List<Property> PROPERTIES = List.of(
      new EnumProperty("featureKind", "featureKind", row -> row.kind().ordinal()),
      new StringProperty("buildingId", FeatureRow::buildingId),
      new StringProperty("gridCode", FeatureRow::gridCode),
      new IntProperty("floors", "UINT16", 0, FeatureRow::floors),
      new FloatProperty("heightMeters", FeatureRow::heightMeters),
      new StringProperty("use", FeatureRow::use),
      new EnumProperty("safetyGrade", "safetyGrade", row -> row.safetyGrade().ordinal()),
      new IntProperty("residents", "UINT32", -1, row -> row.counts().residents()),
      new IntProperty("households", "UINT32", -1, row -> row.counts().households()),
      new IntProperty("partyMembers", "UINT32", -1, row -> row.counts().partyMembers()),
      new IntProperty(
          "partyLinkedHouseholds", "UINT32", -1, row -> row.counts().partyLinkedHouseholds()),
      new IntProperty(
          "assistanceHouseholds", "UINT32", -1, row -> row.counts().assistanceHouseholds()),
      new EnumProperty(
          "illegalConstruction", "illegalConstruction", row -> row.illegalConstruction().ordinal()),
      new IntProperty(
          "illegalConstructionOpen", "UINT8", -1,
          row -> row.illegalConstruction().isOpen() ? 1 : 0));

  /** Property names in table order (what clients can style and pick by). */
  public static List<String> propertyNames() {
    return PROPERTIES.stream().map(Property::name).toList();
  }

  /** A property's bufferViews once encoded; {@code stringOffsets} is -1 for non-strings. */
  record EncodedProperty(String name, int values, int stringOffsets) {}

  private BuildingMetadata() {}

  /** Writes the columns of {@code rows} into the buffer. */
  static List<EncodedProperty> encode(List<FeatureRow> rows, BinaryBuffer buffer) {
    int count = rows.size();
    List<EncodedProperty> encoded = new ArrayList<>(PROPERTIES.size());
    for (Property property : PROPERTIES) {
      if (property instanceof StringProperty p) {
        byte[][] utf8 = new byte[count][];
        int total = 0;
        for (int i = 0; i < count; i++) {
          utf8[i] = p.value().apply(rows.get(i)).getBytes(StandardCharsets.UTF_8);
          total += utf8[i].length;
        }
        int values = buffer.addView(total, 0, out -> {
          for (byte[] s : utf8) {
            out.put(s);
          }
        });
        int offsets = buffer.addView((count + 1) * 4, 0, out -> {
          int offset = 0;
          out.putInt(0);
          for (byte[] s : utf8) {
            offset += s.length;
            out.putInt(offset);
          }
        });
        encoded.add(new EncodedProperty(p.name(), values, offsets));
      } else if (property instanceof IntProperty p) {
        int width = switch (p.componentType()) {
          case "UINT8" -> 1;
          case "UINT16" -> 2;
          case "UINT32" -> 4;
          default -> throw new IllegalStateException(p.componentType());
        };
        int values = buffer.addView(count * width, 0, out -> {
          for (FeatureRow row : rows) {
            int v = p.value().applyAsInt(row);
            switch (width) {
              case 1 -> out.put((byte) v);
              case 2 -> out.putShort((short) v);
              default -> out.putInt(v);
            }
          }
        });
        encoded.add(new EncodedProperty(p.name(), values, -1));
      } else if (property instanceof FloatProperty p) {
        int values = buffer.addView(count * 4, 0, out -> {
          for (FeatureRow row : rows) {
            out.putFloat(p.value().apply(row));
          }
        });
        encoded.add(new EncodedProperty(p.name(), values, -1));
      } else if (property instanceof EnumProperty p) {
        int values = buffer.addView(count, 0, out -> {
          for (FeatureRow row : rows) {
            out.put((byte) p.value().applyAsInt(row));
          }
        });
        encoded.add(new EncodedProperty(p.name(), values, -1));
      }
    }
    return encoded;
  }

  /** Writes the {@code schema} object. */
  static void writeSchema(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", SCHEMA_ID);
    json.writeObjectFieldStart("classes");
    json.writeObjectFieldStart(CLASS_NAME);
    json.writeStringField("description", "A building of a unit grid, or the grid's boundary wall");
    json.writeObjectFieldStart("properties");
    for (Property property : PROPERTIES) {
      json.writeObjectFieldStart(property.name());
      if (property instanceof StringProperty) {
        json.writeStringField("type", "STRING");
      } else if (property instanceof IntProperty p) {
        json.writeStringField("type", "SCALAR");
        json.writeStringField("componentType", p.componentType());
        if (p.noData() >= 0) {
          json.writeNumberField("noData", p.noData());
        }
      } else if (property instanceof FloatProperty) {
        json.writeStringField("type", "SCALAR");
        json.writeStringField("componentType", "FLOAT32");
      } else if (property instanceof EnumProperty p) {
        json.writeStringField("type", "ENUM");
        json.writeStringField("enumType", p.enumType());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
    json.writeEndObject();
    json.writeObjectFieldStart("enums");
    writeEnum(json, "featureKind", FeatureKind.values());
    writeEnum(json, "illegalConstruction", IllegalConstructionStatus.values());
    writeEnum(json, "safetyGrade", SafetyGrade.values());
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeEnum(JsonGenerator json, String name, Enum<?>[] values)
      throws IOException {
    json.writeObjectFieldStart(name);
    json.writeStringField("valueType", "UINT8");
    json.writeArrayFieldStart("values");
    for (Enum<?> value : values) {
      json.writeStartObject();
      json.writeStringField("name", value.name());
      json.writeNumberField("value", value.ordinal());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** Writes the {@code propertyTables[0]} object. */
  static void writePropertyTable(JsonGenerator json, int count, List<EncodedProperty> encoded)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("class", CLASS_NAME);
    json.writeNumberField("count", count);
    json.writeObjectFieldStart("properties");
    for (EncodedProperty property : encoded) {
      json.writeObjectFieldStart(property.name());
      json.writeNumberField("values", property.values());
      if (property.stringOffsets() >= 0) {
        json.writeNumberField("stringOffsets", property.stringOffsets());
        json.writeStringField("stringOffsetType", "UINT32");
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }
}
