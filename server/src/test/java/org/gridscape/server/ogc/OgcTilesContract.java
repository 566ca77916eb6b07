package org.gridscape.server.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * OGC API - Tiles Part 1 at /ogc over the server and data of {@link OgcApiContract} (nested in its
 * H2 and PostgreSQL tests: no server or data of its own). Tiles must be those of /tiles byte for
 * byte; the tile matrix set's numbers are worked out here from the Web Mercator definition.
 */
abstract class OgcTilesContract {

  private static final String TMS = "/ogc/tileMatrixSets/WebMercatorQuad";
  private static final String GRIDS_TILES = "/ogc/collections/grids/tiles/WebMercatorQuad";
  private static final String MVT = "application/vnd.mapbox-vector-tile";

  // --- independent tile maths (not the production code)

  static int column(double lon, int z) {
    return (int) Math.floor((lon + 180) / 360 * (1 << z));
  }

  static int row(double lat, int z) {
    double r = Math.toRadians(lat);
    return (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
  }

  static HttpResponse<byte[]> fetch(String path, String... headers) {
    HttpRequest.Builder request = OgcApiContract.server.request(path, OgcApiContract.token);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return OgcApiContract.server.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonObject json(String path) {
    return OgcApiContract.json(path, "application/json");
  }

  static JsonObject link(JsonArray links, String rel) {
    return OgcApiContract.linkNamed(links, rel);
  }

  @Test
  void conformanceDeclaresTilesAndTheTileMatrixSetClasses() {
    JsonArray classes = json("/ogc/conformance").getJsonArray("conformsTo");
    for (String c : new String[] {"core", "tileset", "tilesets-list", "dataset-tilesets", "geodata-tilesets", "mvt"}) {
      assertThat(classes.getList()).contains("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/" + c);
    }
    assertThat(classes.getList()).contains("http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
        "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset");
    // Only vector tiles are offered: no map or coverage classes.
    assertThat(classes.getList()).doesNotContain("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/png");
  }

  @Test
  void landingPageAndCollectionsLinkToTheirTilesets() {
    JsonArray landing = json("/ogc").getJsonArray("links");
    OgcApiContract.assertLinksComplete(landing);
    assertThat(link(landing, "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector").getString("href"))
        .endsWith("/ogc/tiles");
    assertThat(link(landing, "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes").getString("href"))
        .endsWith("/ogc/tileMatrixSets");
    JsonArray grids = json("/ogc/collections/grids").getJsonArray("links");
    assertThat(link(grids, "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector").getString("href"))
        .endsWith("/ogc/collections/grids/tiles");
    // Work areas have no vector tiles: no link, and their tiles are 404.
    assertThat(link(json("/ogc/collections/workareas").getJsonArray("links"),
        "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector")).isNull();
    assertThat(fetch("/ogc/collections/workareas/tiles").statusCode()).isEqualTo(404);
  }

  @Test
  void tileMatrixSetIsWebMercatorQuadWithItsScales() {
    JsonObject list = json("/ogc/tileMatrixSets");
    JsonObject only = list.getJsonArray("tileMatrixSets").getJsonObject(0);
    assertThat(list.getJsonArray("tileMatrixSets")).hasSize(1);
    assertThat(only.getString("id")).isEqualTo("WebMercatorQuad");
    assertThat(only.getString("uri")).isEqualTo("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
    assertThat(link(only.getJsonArray("links"), "self").getString("href")).endsWith(TMS);

    JsonObject tms = json(TMS);
    assertThat(tms.getString("crs")).isEqualTo("http://www.opengis.net/def/crs/EPSG/0/3857");
    JsonArray matrices = tms.getJsonArray("tileMatrices");
    assertThat(matrices).hasSize(25);
    double halfWorld = Math.PI * 6378137.0; // the equator's half length on the WGS84 semi-major axis
    for (int z = 0; z <= 24; z++) {
      JsonObject m = matrices.getJsonObject(z);
      double cellSize = 2 * halfWorld / 256 / Math.pow(2, z);
      assertThat(m.getString("id")).isEqualTo(String.valueOf(z));
      assertThat(m.getDouble("cellSize")).as("cell size at %d", z).isCloseTo(cellSize, within(cellSize * 1e-12));
      assertThat(m.getDouble("scaleDenominator")).as("scale at %d", z)
          .isCloseTo(cellSize / 0.00028, within(cellSize / 0.00028 * 1e-12));
      assertThat(m.getLong("matrixWidth")).isEqualTo(1L << z);
      assertThat(m.getLong("matrixHeight")).isEqualTo(1L << z);
      assertThat(m.getInteger("tileWidth")).isEqualTo(256);
      assertThat(m.getString("cornerOfOrigin")).isEqualTo("topLeft");
      assertThat(m.getJsonArray("pointOfOrigin").getDouble(0)).isCloseTo(-halfWorld, within(1e-6));
      assertThat(m.getJsonArray("pointOfOrigin").getDouble(1)).isCloseTo(halfWorld, within(1e-6));
    }
    // The published figures of the definition, as a check on the formula above.
    assertThat(matrices.getJsonObject(0).getDouble("scaleDenominator")).isCloseTo(559082264.028717, within(1e-5));
    assertThat(halfWorld).isCloseTo(20037508.3427892, within(1e-6));
    assertThat(fetch("/ogc/tileMatrixSets/WorldCRS84Quad").statusCode()).isEqualTo(404);
  }

  @Test
  void tilesetsListAndCollectionTilesetDescribeTheTiles() {
    JsonObject list = json("/ogc/collections/grids/tiles");
    JsonObject entry = list.getJsonArray("tilesets").getJsonObject(0);
    assertThat(entry.getString("dataType")).isEqualTo("vector");
    assertThat(entry.getString("crs")).isEqualTo("http://www.opengis.net/def/crs/EPSG/0/3857");
    assertThat(entry.getString("tileMatrixSetURI")).endsWith("/WebMercatorQuad");
    assertThat(link(entry.getJsonArray("links"), "self").getString("href")).endsWith(GRIDS_TILES);
    assertThat(link(entry.getJsonArray("links"), "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme")
        .getString("href")).endsWith(TMS);

    JsonObject tileset = json(GRIDS_TILES);
    assertThat(tileset.getString("dataType")).isEqualTo("vector");
    JsonObject item = link(tileset.getJsonArray("links"), "item");
    assertThat(item.getString("href")).endsWith(GRIDS_TILES + "/{tileMatrix}/{tileRow}/{tileCol}");
    assertThat(item.getBoolean("templated")).isTrue();
    assertThat(item.getString("type")).isEqualTo(MVT);
    JsonArray limits = tileset.getJsonArray("tileMatrixSetLimits");
    assertThat(limits).hasSize(23);
    assertThat(limits.getJsonObject(22).getLong("maxTileRow")).isEqualTo((1L << 22) - 1);
    JsonObject layer = tileset.getJsonArray("layers").getJsonObject(0);
    assertThat(layer.getString("id")).isEqualTo("grids");
    assertThat(layer.getString("minTileMatrix")).isEqualTo("10");
    assertThat(layer.getJsonObject("propertiesSchema").getJsonObject("properties").fieldNames())
        .contains("code", "name", "kind").doesNotContain("geometry");
    JsonArray lowerLeft = tileset.getJsonObject("boundingBox").getJsonArray("lowerLeft");
    assertThat(lowerLeft.getDouble(0)).isBetween(LayerData.X0 - 0.01, LayerData.X0 + 0.01);
    assertThat(fetch(GRIDS_TILES + "?f=html").statusCode()).isEqualTo(400);
  }

  @Test
  void tilesAreThoseOfTilesWithTheSameBytesAndETags() {
    int z = 14;
    int col = column(LayerData.X0 + 0.001, z);
    int row = row(LayerData.Y0 + 0.001, z);
    for (String layer : new String[] {"grids", "buildings"}) {
      String xyz = "/tiles/" + layer + "/" + z + "/" + col + "/" + row + ".mvt";
      String ogc = "/ogc/collections/" + layer + "/tiles/WebMercatorQuad/" + z + "/" + row + "/" + col;
      HttpResponse<byte[]> plain = fetch(xyz);
      HttpResponse<byte[]> viaOgc = fetch(ogc);
      assertThat(viaOgc.statusCode()).isEqualTo(200);
      assertThat(viaOgc.headers().firstValue("Content-Type")).hasValue(MVT);
      assertThat(viaOgc.body()).isEqualTo(plain.body()).isNotEmpty();
      String etag = plain.headers().firstValue("ETag").orElseThrow();
      assertThat(viaOgc.headers().firstValue("ETag")).hasValue(etag);
      assertThat(viaOgc.headers().firstValue("Cache-Control")).isEqualTo(plain.headers().firstValue("Cache-Control"));
      assertThat(fetch(ogc, "Accept-Encoding", "gzip").headers().firstValue("ETag"))
          .isEqualTo(fetch(xyz, "Accept-Encoding", "gzip").headers().firstValue("ETag"));
      assertThat(fetch(ogc, "If-None-Match", etag).statusCode()).isEqualTo(304);
    }
    // Empty and below the layer's minimum zoom: 204, as at /tiles.
    assertThat(fetch(GRIDS_TILES + "/14/0/0").statusCode()).isEqualTo(204);
    assertThat(fetch(GRIDS_TILES + "/5/" + row(LayerData.Y0, 5) + "/" + column(LayerData.X0, 5)).statusCode())
        .isEqualTo(204);
  }

  @Test
  void tilesOutsideTheMatrixAre400AndUnknownSetsOrCollections404() {
    // Matrix 3 has rows and columns 0..7; matrices 23 and 24 are beyond the tilesets' limits (22).
    for (String bad : new String[] {"3/8/0", "3/0/8", "23/0/0", "24/0/0", "a/0/0", "3/-1/0", "3/1.5/0"}) {
      HttpResponse<byte[]> response = fetch(GRIDS_TILES + "/" + bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(new JsonObject(new String(response.body())).getString("message")).as(bad).containsAnyOf("tileRow",
          "tileMatrix");
      assertThat(fetch("/ogc/tiles/WebMercatorQuad/" + bad).statusCode()).as(bad).isEqualTo(400);
    }
    assertThat(fetch(GRIDS_TILES + "/3/7/7").statusCode()).isEqualTo(204);
    assertThat(fetch("/ogc/collections/grids/tiles/WorldCRS84Quad/3/0/0").statusCode()).isEqualTo(404);
    assertThat(fetch("/ogc/collections/grids/tiles/WorldCRS84Quad").statusCode()).isEqualTo(404);
    assertThat(fetch("/ogc/collections/people/tiles/WebMercatorQuad/3/0/0").statusCode()).isEqualTo(404);
    assertThat(fetch("/ogc/tiles/WorldCRS84Quad/3/0/0").statusCode()).isEqualTo(404);
    assertThat(OgcApiContract.server.get(GRIDS_TILES + "/3/0/0", null).statusCode()).isEqualTo(401);
  }

  @Test
  void datasetTileHoldsTheLayersTilesTogether() throws IOException {
    JsonObject tilesets = json("/ogc/tiles");
    assertThat(link(tilesets.getJsonArray("tilesets").getJsonObject(0).getJsonArray("links"), "self")
        .getString("href")).endsWith("/ogc/tiles/WebMercatorQuad");
    JsonObject tileset = json("/ogc/tiles/WebMercatorQuad");
    Set<String> layerIds = new HashSet<>();
    tileset.getJsonArray("layers").forEach(l -> layerIds.add(((JsonObject) l).getString("id")));
    assertThat(layerIds).contains("grids", "buildings", "roads", "events").doesNotContain("workareas");
    assertThat(link(tileset.getJsonArray("links"), "item").getString("href"))
        .endsWith("/ogc/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}");

    int z = 14;
    String position = z + "/" + row(LayerData.Y0 + 0.001, z) + "/" + column(LayerData.X0 + 0.001, z);
    HttpResponse<byte[]> response = fetch("/ogc/tiles/WebMercatorQuad/" + position);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("ETag")).isPresent();
    JtsMvt dataset = decode(response.body());
    assertThat(dataset.getLayersByName().keySet()).contains("grids", "buildings");
    for (String layer : new String[] {"grids", "buildings"}) {
      JtsMvt alone = decode(fetch(GRIDS_TILES.replace("grids", layer) + "/" + position).body());
      assertThat(dataset.getLayer(layer).getGeometries()).as(layer)
          .hasSameSizeAs(alone.getLayer(layer).getGeometries());
    }
    String etag = response.headers().firstValue("ETag").orElseThrow();
    assertThat(fetch("/ogc/tiles/WebMercatorQuad/" + position, "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  private static JtsMvt decode(byte[] tile) throws IOException {
    return MvtReader.loadMvt(new ByteArrayInputStream(tile), new GeometryFactory(),
        new TagKeyValueMapConverter(false, "mvt_id"), MvtReader.RING_CLASSIFIER_V2_1);
  }
}
