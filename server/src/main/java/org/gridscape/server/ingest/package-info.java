/**
 * Ingest: uploads of village plans (一村一图) and grid boundaries, read into validated WGS84 records.
 *
 * <h2>Pipeline</h2>
 * {@link org.gridscape.server.ingest.UploadReader} recognises the format, parses it into
 * {@link org.gridscape.server.ingest.FeatureLayer}s, enforces {@link org.gridscape.server.ingest.IngestLimits}
 * and converts every coordinate to WGS84 lon/lat. {@link org.gridscape.server.ingest.VillagePlanImporter}
 * and {@link org.gridscape.server.ingest.GridSetImporter} then interpret the layers. Imports are all or
 * nothing: the first stage that finds a problem throws one {@link org.gridscape.server.ingest.IngestException}
 * listing every bad feature it found (up to 100), each with layer, zero-based feature index, id or code,
 * and a rule code. {@link org.gridscape.server.ingest.ExportLayers} turns grids and plans back into layers
 * with the same names, so exports round-trip through QGIS.
 *
 * <h2>Formats</h2>
 * <ul>
 *   <li>GeoJSON (RFC 7946; {@code application/geo+json} or {@code application/json}): a FeatureCollection
 *       or a Feature. Coordinates are WGS84 unless the file carries the legacy
 *       {@code "crs": {"type": "name", "properties": {"name": "EPSG:4549"}}} member.</li>
 *   <li>Zipped Shapefile ({@code application/zip}): each {@code name.shp} with {@code name.dbf}
 *       ({@code .shx} optional, {@code .prj} for the CRS, {@code .cpg} for the attribute encoding) is
 *       the layer {@code name}; folders inside the zip are ignored. Geometry types Point, MultiPoint,
 *       PolyLine, Polygon, with or without Z/M (Z and M are dropped). Polygon rings are assembled by
 *       orientation (clockwise outer rings, counter-clockwise holes) and containment; rings of the
 *       wrong orientation that no outer ring contains become outer rings. Attributes: the .cpg decides
 *       the encoding; without one, UTF-8 if the bytes are valid UTF-8, else GBK. Our own .shp/.shx/.dbf
 *       writer ({@code shapefile.ShapefileZip#write}) exports with a .prj and a .cpg.</li>
 *   <li>GeoPackage ({@code application/geopackage+sqlite3}): every feature table is a layer; its
 *       {@code gpkg_spatial_ref_sys} entry gives the CRS.</li>
 *   <li>{@code application/octet-stream} or no type: recognised by the first bytes. Anything else: 415.</li>
 * </ul>
 *
 * <h2>Village plan layers</h2>
 * GeoJSON features carry {@code "layer"}; shapefiles and GeoPackage tables are named after the layer.
 * Accepted names (case-insensitive): {@code boundary} (also boundaries, village, 村界, 边界) - Polygon or
 * MultiPolygon, required, several are unioned; {@code road}/{@code roads} (道路) - LineString or
 * MultiLineString with {@code name}, {@code class}; {@code building}/{@code buildings} (建筑, 房屋) -
 * Polygon footprints; {@code centre}/{@code centres}/{@code center} (中心) - Points with {@code kind},
 * {@code name}. Other layers are skipped and listed in {@code VillagePlan.ignoredLayers}. Building fields
 * {@code id, floors, height, use, structure, year} are read from English or Chinese attribute names
 * (编号, 层数, 高度, 用途, 结构, 建成年份/建成年代 ...; see {@link org.gridscape.server.ingest.AttributeMapping})
 * or from the fields an explicit mapping names. Values may carry units or decoration ({@code 5层},
 * {@code 9.6m}, {@code 1990年代}).
 *
 * <h2>Grid sets</h2>
 * A GeoJSON FeatureCollection, a shapefile zip (layer {@code grids}, or its only layer) or a GeoPackage
 * (table {@code grids}, or its only table) of polygons with {@code code} (optional; also 编码/网格编码),
 * {@code name} (名称) and {@code kind} ({@code standard|resettlement|residential_compound|enterprise} or
 * 标准/安置小区/商住小区/企事业单位; blank means standard). Missing codes are assigned by
 * {@link org.gridscape.server.grid.GridCodeAssigner} (west to east, north to south, never reusing a
 * reserved sequence).
 *
 * <h2>Coordinate systems</h2>
 * The explicit {@code crs} parameter wins over what the file declares; without either, WGS84. Accepted:
 * {@code EPSG:4326}/{@code CRS84}/{@code WGS84}, {@code EPSG:4490}/{@code CGCS2000}, the CGCS2000
 * Gauss-Kruger zones EPSG:4491-4554 (e.g. 4528 = 3-degree zone 40 with prefix, 4549 = CM 120E without),
 * WGS84 UTM, EPSG:3857, any transverse Mercator WKT on CGCS2000/WGS84, and {@code GCJ02} (only when
 * named explicitly). Axis order is always easting/longitude first. The source CRS is recorded.
 *
 * <h2>Errors ({@link org.gridscape.server.ingest.IngestException.Kind})</h2>
 * <ul>
 *   <li>400 {@code malformed_json}, {@code broken_archive}, {@code malformed_file}, {@code missing_component}
 *       (a .shp without .dbf or the reverse, a zip without shapefiles)</li>
 *   <li>413 {@code too_large}: feature count, vertex count (total or per feature), unpacked zip size</li>
 *   <li>415 {@code unsupported_media_type}</li>
 *   <li>422 {@code unsupported_crs}, {@code coordinates_out_of_range} (not a lon/lat, or an easting outside
 *       the declared zone - the usual sign of a missing or extra zone prefix), {@code invalid_geometry}
 *       (missing, wrong type, empty, self-intersecting ... ; with {@code repair=true} fixed by JTS
 *       {@code GeometryFixer} and listed in {@code repairs} instead), {@code multi_part_grid},
 *       {@code invalid_attribute}, {@code missing_layer}, {@code invalid_grid_code},
 *       {@code grid_code_wrong_village}, {@code duplicate_grid_code}, {@code retired_grid_code},
 *       {@code grid_codes_exhausted}, {@code unsupported_content} (e.g. MultiPatch shapes)</li>
 * </ul>
 */
package org.gridscape.server.ingest;
