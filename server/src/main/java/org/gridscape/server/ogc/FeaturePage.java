package org.gridscape.server.ogc;

import java.util.List;

/** One page of a layer's features and how many matched in all. */
public record FeaturePage(List<Feature> features, long numberMatched) {

  public FeaturePage {
    features = List.copyOf(features);
    if (numberMatched < 0) {
      throw new IllegalArgumentException("numberMatched must not be negative");
    }
  }
}
