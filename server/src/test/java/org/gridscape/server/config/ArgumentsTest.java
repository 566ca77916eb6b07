package org.gridscape.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgumentsTest {

  @TempDir
  Path dir;

  @Test
  void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
    Path file = dir.resolve("gridscape.properties");
    Files.writeString(file, "port=7001\ndata-dir=/from/file\nmax-upload-mb=5\ntoken-ttl-minutes=30\n");
    Map<String, String> env = Map.of("GRIDSCAPE_CONFIG", file.toString(), "GRIDSCAPE_PORT", "7002",
        "GRIDSCAPE_DATA_DIR", "/from/env");

    ServerConfig config = ServerConfig.from(Arguments.parse(new String[] {"serve", "--port", "7003"}, env));

    assertThat(config.port()).isEqualTo(7003);                       // command line
    assertThat(config.dataDir()).isEqualTo(Path.of("/from/env"));    // environment
    assertThat(config.maxUploadBytes()).isEqualTo(5L * 1024 * 1024); // file
    assertThat(config.tokenTtl()).isEqualTo(Duration.ofMinutes(30)); // file
    assertThat(config.host()).isEqualTo("0.0.0.0");                  // default
    assertThat(config.embeddedDatabase()).isTrue();
  }

  @Test
  void equalsSignFormAndFlags() {
    Arguments args = Arguments.parse(new String[] {"demo", "--port=9000", "--help"}, Map.of());
    assertThat(args.positional()).containsExactly("demo");
    assertThat(args.flag("help")).isTrue();
    assertThat(ServerConfig.from(args).port()).isEqualTo(9000);
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"--port", "http"}, Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--port");
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"--port", "70000"}, Map.of())))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[0],
        Map.of("GRIDSCAPE_DB_URL", "mysql://x/y")))).hasMessageContaining("--db-url");
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"--admin-password", "short"}, Map.of())))
        .hasMessageContaining("--admin-password");
    assertThatThrownBy(() -> Arguments.parse(new String[] {"--config", dir.resolve("missing").toString()}, Map.of()))
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void httpInstancesDefaultToOnePerCoreAndAreBounded() {
    assertThat(ServerConfig.from(Arguments.parse(new String[0], Map.of())).httpInstances())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(ServerConfig.from(Arguments.parse(new String[] {"--http-instances", "3"}, Map.of())).httpInstances())
        .isEqualTo(3);
    assertThat(ServerConfig.from(Arguments.parse(new String[0], Map.of("GRIDSCAPE_HTTP_INSTANCES", "1")))
        .httpInstances()).isEqualTo(1);
    assertThatThrownBy(() -> ServerConfig.from(Arguments.parse(new String[] {"--http-instances", "0"}, Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("--http-instances");
    assertThat(ServerConfig.forTest(dir, null).withHttpInstances(4).httpInstances()).isEqualTo(4);
  }

  @Test
  void unknownOptionsAreReported() {
    Arguments args = Arguments.parse(new String[] {"serve", "--prot", "1"}, Map.of());
    ServerConfig.from(args);
    assertThat(args.unknownOptions()).containsExactly("prot");
    assertThat(args.describedOptions()).extracting(Arguments.Option::name).contains("port", "data-dir", "db-url");
  }
}
