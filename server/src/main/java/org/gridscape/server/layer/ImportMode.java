package org.gridscape.server.layer;

import java.util.Locale;

/** What an import does with rows already stored. */
public enum ImportMode {
  /** Rows with the key of an uploaded row are replaced; all others stay (the default). */
  UPSERT,
  /** The whole table is emptied first: the upload becomes the table. */
  REPLACE;

  /** {@code upsert} or {@code replace}; null means upsert. */
  public static ImportMode parse(String value) {
    if (value == null || value.isBlank()) {
      return UPSERT;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mode must be 'upsert' or 'replace', not '" + value + "'", e);
    }
  }
}
