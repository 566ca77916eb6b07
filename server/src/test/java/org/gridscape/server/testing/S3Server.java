package org.gridscape.server.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gridscape.server.config.SceneStoreConfig;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for tests: S3Proxy (from Maven Central) over a directory, speaking the
 * S3 protocol on a free local port with signed requests, as MinIO or AWS would.
 */
public final class S3Server implements AutoCloseable {

  public static final String ACCESS_KEY = "gridscape-test";
  public static final String SECRET_KEY = "gridscape-test-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext context;

  private S3Server(S3Proxy proxy, BlobStoreContext context) {
    this.proxy = proxy;
    this.context = context;
  }

  /** Starts a server keeping its objects under {@code dir}. */
  public static S3Server start(Path dir) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials("local", "local")
        .overrides(properties).build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new S3Server(proxy, context);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Creates a bucket (idempotent). */
  public void createBucket(String bucket) {
    blobStore().createContainerInLocation(null, bucket);
  }

  /** The store behind the server, to look at what was written. */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  /** A scene-store configuration for a bucket and prefix on this server. */
  public SceneStoreConfig sceneStore(String bucket, String prefix) {
    return SceneStoreConfig.s3(bucket, prefix, endpoint(), "us-east-1", ACCESS_KEY, SECRET_KEY);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
