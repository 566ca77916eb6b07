package org.gridscape.server.print;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.gridscape.server.DomainException;

/**
 * A print request refused or impossible: a bad parameter (400, naming it), an unknown region (404),
 * or no CJK font on the server (503, naming what was looked for). Mapped in {@code http.ErrorHandler}.
 */
public final class PrintException extends DomainException {

  private static final long serialVersionUID = 1L;

  /** Why, with the refusal and error code it is answered with. */
  public enum Kind {
    INVALID_PARAMETER(Refusal.INVALID, "invalid_parameter"),
    NOT_FOUND(Refusal.NOT_FOUND, "not_found"),
    FONT_UNAVAILABLE(Refusal.UNAVAILABLE, "print_font_unavailable");

    private final Refusal refusal;
    private final String code;

    Kind(Refusal refusal, String code) {
      this.refusal = refusal;
      this.code = code;
    }

    public Refusal refusal() {
      return refusal;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;
  private final String subject;

  private PrintException(Kind kind, String subject, String message) {
    super(kind.refusal(), kind.code(), message, List.of(new JsonObject().put(switch (kind) {
      case INVALID_PARAMETER -> "parameter";
      case NOT_FOUND -> "code";
      case FONT_UNAVAILABLE -> "font";
    }, subject)));
    this.kind = kind;
    this.subject = subject;
  }

  /** A query parameter with a value the print does not know. */
  public static PrintException invalid(String parameter, String message) {
    return new PrintException(Kind.INVALID_PARAMETER, parameter, message);
  }

  public static PrintException notFound(String code, String message) {
    return new PrintException(Kind.NOT_FOUND, code, message);
  }

  /** No usable CJK font: {@code looked} names the configured path or the places searched. */
  public static PrintException fontUnavailable(String looked, String message) {
    return new PrintException(Kind.FONT_UNAVAILABLE, looked, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The parameter, region code or font path the refusal is about. */
  public String subject() {
    return subject;
  }
}
