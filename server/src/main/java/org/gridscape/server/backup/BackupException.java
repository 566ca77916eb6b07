package org.gridscape.server.backup;

/** A bundle that cannot be written or restored, with a message that names the file, table or check. */
public final class BackupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
