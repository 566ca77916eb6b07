package org.gridscape.server.print;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Calendar;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A drawn sheet: one PDF page with its embedded font, written out as PDF or rendered to PNG from
 * that same page (PDFBox's renderer), so the two never differ. Close it when done.
 */
public final class RenderedSheet implements AutoCloseable {

  private final PDDocument document;
  private final LoadedFont font;

  RenderedSheet(PDDocument document, LoadedFont font, String title, String subject) {
    this.document = document;
    this.font = font;
    PDDocumentInformation info = document.getDocumentInformation();
    info.setTitle(title);
    info.setSubject(subject);
    info.setCreator("GridScape");
    info.setProducer("GridScape with Apache PDFBox");
    info.setCreationDate(Calendar.getInstance(TimeZone.getTimeZone("Asia/Shanghai")));
  }

  /** The PDF, the font subset embedded. */
  public byte[] pdf() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
    document.save(out);
    return out.toByteArray();
  }

  /** The page as a PNG at {@code dpi} dots per inch, rendered from the finished PDF (font subset included). */
  public byte[] png(float dpi) throws IOException {
    BufferedImage image;
    try (PDDocument saved = Loader.loadPDF(pdf())) {
      image = new PDFRenderer(saved).renderImageWithDPI(0, dpi, ImageType.RGB);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024 * 1024);
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    try {
      document.close();
    } finally {
      font.close();
    }
  }
}
