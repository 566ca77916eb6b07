package org.gridscape.server.tileset;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.gridscape.server.tileset.TilesetException.Kind;

/**
 * An uploaded zip opened for checking: every entry name is safe (relative, no {@code ..}), the
 * zip is within the limits (files, declared and actually inflated bytes), and the tileset's root
 * folder is known (the zip's root or its single top-level folder). Entries are read through
 * {@link #open}, which counts what is inflated and checks each entry's size and CRC at its end.
 */
final class TilesetZip implements Closeable {

  static final int MAX_FILES = 20_000;
  static final long MAX_UNCOMPRESSED = 4L << 30;
  static final String ROOT_NAME = "tileset.json";
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
  /** Folders that archivers add beside the content (macOS resource forks); never part of a tileset. */
  private static final String MAC_FOLDER = "__MACOSX/";

  private final ZipFile zip;
  private final Map<String, ZipEntry> files;
  private final String root;
  private long inflated;

  private TilesetZip(ZipFile zip, Map<String, ZipEntry> files, String root) {
    this.zip = zip;
    this.files = files;
    this.root = root;
  }

  /** Opens and checks the zip's directory; fails with a {@link TilesetException} naming the problem. */
  static TilesetZip open(Path file) {
    ZipFile zip = openZip(file);
    try {
      if (zip.size() > MAX_FILES) {
        throw new TilesetException(Kind.ZIP_LIMITS, "the zip holds " + zip.size() + " entries; at most " + MAX_FILES
            + " files are accepted");
      }
      Map<String, ZipEntry> files = new HashMap<>();
      long declared = 0;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        requireSafe(name);
        if (entry.isDirectory()) {
          continue;
        }
        if (files.put(name, entry) != null) {
          throw new TilesetException(Kind.CORRUPT_ZIP, name, "the zip holds two entries of this name");
        }
        if (entry.getSize() > 0) {
          declared += entry.getSize();
        }
        if (declared > MAX_UNCOMPRESSED) {
          throw new TilesetException(Kind.ZIP_LIMITS, "the zip's files add up to more than 4 GiB uncompressed, the "
              + "most accepted");
        }
      }
      return new TilesetZip(zip, files, findRoot(files.keySet()));
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  private static ZipFile openZip(Path file) {
    // Archivers on Chinese Windows write entry names in GBK without the UTF-8 flag: try that second.
    for (Charset charset : List.of(StandardCharsets.UTF_8, Charset.forName("GB18030"))) {
      try {
        ZipFile zip = new ZipFile(file.toFile(), charset);
        try {
          Enumeration<? extends ZipEntry> entries = zip.entries();
          while (entries.hasMoreElements()) {
            entries.nextElement();
          }
          return zip;
        } catch (IllegalArgumentException e) {
          closeQuietly(zip);
        }
      } catch (ZipException e) {
        throw new TilesetException(Kind.NOT_A_ZIP, "the body is not a readable zip file (" + e.getMessage() + "): send "
            + "the tileset folder zipped, with tileset.json at its root");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (IllegalArgumentException e) {
        // names not in this charset: try the next
      }
    }
    throw new TilesetException(Kind.CORRUPT_ZIP, "the zip's entry names are neither UTF-8 nor GBK");
  }

  /** Refuses absolute names and names with a {@code ..} segment (zip slip). */
  static void requireSafe(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || DRIVE.matcher(name).matches()) {
      throw new TilesetException(Kind.UNSAFE_ENTRY, name, "the zip holds an entry with an absolute path");
    }
    if (name.indexOf('\0') >= 0) {
      throw new TilesetException(Kind.UNSAFE_ENTRY, name, "the zip holds an entry whose name has a NUL character");
    }
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw new TilesetException(Kind.UNSAFE_ENTRY, name, "the zip holds an entry whose path leaves the folder "
            + "('..'): refused (zip slip)");
      }
    }
  }

  /** "" when tileset.json is at the zip's root, "folder/" when it is in the single top-level folder. */
  private static String findRoot(Set<String> names) {
    if (names.contains(ROOT_NAME)) {
      return "";
    }
    Set<String> tops = new LinkedHashSet<>();
    for (String name : names) {
      if (name.startsWith(MAC_FOLDER)) {
        continue;
      }
      int slash = name.indexOf('/');
      tops.add(slash < 0 ? name : name.substring(0, slash + 1));
    }
    if (tops.size() == 1) {
      String top = tops.iterator().next();
      if (top.endsWith("/") && names.contains(top + ROOT_NAME)) {
        return top;
      }
    }
    List<String> shown = new ArrayList<>(tops).subList(0, Math.min(tops.size(), 5));
    throw new TilesetException(Kind.NO_TILESET, "no " + ROOT_NAME + " at the root of the zip or in its single "
        + "top-level folder (the zip's top level holds " + (tops.isEmpty() ? "nothing" : String.join(", ", shown)
        + (tops.size() > shown.size() ? ", ..." : "")) + ")");
  }

  /** The zip path of the root tileset JSON. */
  String rootTileset() {
    return root + ROOT_NAME;
  }

  boolean contains(String path) {
    return files.containsKey(path);
  }

  long size(String path) {
    return files.get(path).getSize();
  }

  /** The first bytes of an entry (fewer when it is shorter); not counted against the limits. */
  byte[] peek(String path, int n) {
    try (InputStream in = zip.getInputStream(files.get(path))) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw corrupt(path, e);
    }
  }

  /** An entry's bytes, counted against the limits and checked (size, CRC) when read to its end. */
  InputStream open(String path) {
    ZipEntry entry = files.get(path);
    try {
      return new CheckedEntry(path, entry, zip.getInputStream(entry));
    } catch (IOException e) {
      throw corrupt(path, e);
    }
  }

  /** A whole entry, refused beyond {@code max} bytes. */
  byte[] readAll(String path, long max) {
    if (size(path) > max) {
      throw new TilesetException(Kind.ZIP_LIMITS, path, "larger than " + (max >> 20) + " MiB, the most accepted for "
          + "this kind of file");
    }
    try (InputStream in = open(path)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, size(path)));
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > max) {
          throw new TilesetException(Kind.ZIP_LIMITS, path, "larger than " + (max >> 20) + " MiB");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw corrupt(path, e);
    }
  }

  static TilesetException corrupt(String path, IOException e) {
    return new TilesetException(Kind.CORRUPT_ZIP, path, "cannot be read from the zip (" + (e instanceof EOFException
        ? "the zip ends early" : e.getMessage()) + ")");
  }

  @Override
  public void close() {
    closeQuietly(zip);
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException e) {
      // read only
    }
  }

  /** Counts inflated bytes (per entry and in all) and checks the entry's size and CRC at its end. */
  private final class CheckedEntry extends FilterInputStream {
    private final String path;
    private final ZipEntry entry;
    private final CRC32 crc = new CRC32();
    private long count;
    private boolean checked;

    CheckedEntry(String path, ZipEntry entry, InputStream in) {
      super(in);
      this.path = path;
      this.entry = entry;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (ZipException | EOFException e) {
        throw corrupt(path, e);
      }
      if (n < 0) {
        finish();
        return n;
      }
      crc.update(b, off, n);
      count += n;
      inflated += n;
      if (entry.getSize() >= 0 && count > entry.getSize()) {
        throw new TilesetException(Kind.ZIP_LIMITS, path, "inflates to more bytes than the zip declares for it");
      }
      if (inflated > MAX_UNCOMPRESSED) {
        throw new TilesetException(Kind.ZIP_LIMITS, "the zip inflates to more than 4 GiB, the most accepted");
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
      long left = n;
      while (left > 0) {
        int read = read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          break;
        }
        left -= read;
      }
      return n - left;
    }

    private void finish() {
      if (checked) {
        return;
      }
      checked = true;
      if (entry.getSize() >= 0 && count != entry.getSize()) {
        throw new TilesetException(Kind.CORRUPT_ZIP, path, "holds " + count + " bytes where the zip declares "
            + entry.getSize());
      }
      if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
        throw new TilesetException(Kind.CORRUPT_ZIP, path, "is damaged (its CRC does not match)");
      }
    }
  }
}
