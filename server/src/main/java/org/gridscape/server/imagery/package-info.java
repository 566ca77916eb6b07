/**
 * Orthophotos (issue 17): a district's own GeoTIFF imported, reprojected and cut into Web Mercator
 * PNG tiles, served as raster layers with TileJSON. {@link org.gridscape.server.imagery.GeoTiffSource}
 * reads the file through mil.nga:tiff on demand, {@link org.gridscape.server.imagery.ImageryTiler}
 * writes the pyramid, {@link org.gridscape.server.imagery.ImageryService} runs imports as jobs and
 * owns the layers, {@link org.gridscape.server.imagery.ImageryRoutes} is the HTTP surface.
 */
package org.gridscape.server.imagery;
