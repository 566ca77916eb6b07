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
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A drawn sheet: one PDF page with its embedded font, written out as PDF or rendered to PNG from
 * that same page (PDFBox's renderer), so the two never differ. Close it when done.
 */
public final class RenderedSheet implements AutoCloseable {

  private final PDDocument document;
  private final LoadedFont font;

  /** What draws a sheet's one page. */
  @FunctionalInterface
  interface Drawing {
    void draw(SheetWriter writer);
  }

  /**
   * One page of {@code format} with the font embedded, drawn by {@code drawing}; on failure nothing
   * is left open.
   */
  static RenderedSheet onePage(PageFormat format, PrintFonts fonts, Drawing drawing, String title, String subject)
      throws IOException {
    PDDocument document = new PDDocument();
    LoadedFont font = null;
    try {
      PDPage page = new PDPage(new PDRectangle((float) format.width(), (float) format.height()));
      document.addPage(page);
      font = fonts.load(document);
      try (PDPageContentStream out = new PDPageContentStream(document, page)) {
        drawing.draw(new SheetWriter(out, font, format.height()));
      }
      return new RenderedSheet(document, font, title, subject);
    } catch (IOException | RuntimeException e) {
      document.close();
      if (font != null) {
        font.close();
      }
      throw e;
    }
  }

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
