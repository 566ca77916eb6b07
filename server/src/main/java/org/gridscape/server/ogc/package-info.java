/**
 * Grid layers for other systems: the layer catalog ({@link org.gridscape.server.ogc.Layers}, no
 * personal data), reading features ({@link org.gridscape.server.ogc.FeatureStore}), prepared
 * responses invalidated by per-layer data signatures ({@link org.gridscape.server.ogc.LayerCache}),
 * OGC API - Features at /ogc ({@link org.gridscape.server.ogc.OgcRoutes}; Part 3 filters in
 * {@link org.gridscape.server.ogc.filter}), API-key limits
 * ({@link org.gridscape.server.ogc.ApiKeyGate}) and the OpenAPI description of /api/v1
 * ({@link org.gridscape.server.ogc.ApiDescription}). See docs/LAYER-SERVICES.md.
 */
package org.gridscape.server.ogc;
