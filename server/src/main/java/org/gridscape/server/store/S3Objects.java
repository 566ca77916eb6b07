package org.gridscape.server.store;

import java.net.URI;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.gridscape.server.config.SceneStoreConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3-compatible bucket under a key prefix (AWS S3, MinIO, Ceph, OSS and the like),
 * through the AWS SDK v2 with the JDK's HTTP client. Checksums are sent only where the protocol
 * requires them: the SDK's default trailing checksums are refused by several S3-compatible servers.
 */
public final class S3Objects implements ObjectStore {

  private final S3Client client;
  private final String bucket;
  private final String prefix;
  private final String where;

  private S3Objects(S3Client client, String bucket, String prefix, String where) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    this.where = where;
  }

  /** Opens the bucket named by the configuration and checks that it can be reached. */
  public static S3Objects open(SceneStoreConfig config) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(Region.of(config.s3Region()))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (config.s3Endpoint() != null) {
      // Other S3-compatible servers address buckets by path, not by host name.
      builder.endpointOverride(URI.create(config.s3Endpoint())).forcePathStyle(true);
    }
    builder.credentialsProvider(config.s3AccessKey() == null ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.s3AccessKey(), config.s3SecretKey())));
    S3Client client = builder.build();
    String where = "s3://" + config.s3Bucket() + "/" + config.s3Prefix()
        + (config.s3Endpoint() == null ? "" : " at " + config.s3Endpoint());
    try {
      client.headBucket(b -> b.bucket(config.s3Bucket()));
    } catch (S3Exception e) {
      client.close();
      throw new IllegalStateException("cannot open the scene store " + where + ": " + e.awsErrorDetails().errorMessage()
          + " (HTTP " + e.statusCode() + ")", e);
    } catch (RuntimeException e) {
      client.close();
      throw new IllegalStateException("cannot reach the scene store " + where + ": " + e.getMessage(), e);
    }
    return new S3Objects(client, config.s3Bucket(), config.s3Prefix(), where);
  }

  @Override
  public void putIfAbsent(String name, byte[] bytes) {
    String key = prefix + name;
    try {
      client.headObject(h -> h.bucket(bucket).key(key));
      return; // named by its hash: the same name holds the same bytes
    } catch (NoSuchKeyException e) {
      // not there yet
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    client.putObject(p -> p.bucket(bucket).key(key).contentType(contentType(name)).contentLength((long) bytes.length),
        RequestBody.fromBytes(bytes));
  }

  /** Puts complete before they return. */
  @Override
  public void flush() {}

  @Override
  public byte[] get(String name) {
    try {
      return client.getObjectAsBytes(g -> g.bucket(bucket).key(prefix + name)).asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public Set<String> names(String namePrefix) {
    Set<String> out = new TreeSet<>();
    for (S3Object object : client.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix + namePrefix))
        .contents()) {
      if (!object.key().endsWith("/")) { // folder markers some servers list are not objects
        out.add(object.key().substring(prefix.length()));
      }
    }
    return out;
  }

  @Override
  public void delete(Collection<String> names) {
    for (String name : names) {
      client.deleteObject(d -> d.bucket(bucket).key(prefix + name));
    }
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public void close() {
    client.close();
  }

  private static String contentType(String name) {
    return name.endsWith(".glb") ? "model/gltf-binary" : name.endsWith(".json") ? "application/json"
        : "application/octet-stream";
  }
}
