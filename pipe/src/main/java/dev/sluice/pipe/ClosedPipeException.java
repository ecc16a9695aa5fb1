package dev.sluice.pipe;

import java.io.IOException;

/**
 * Thrown by a read or write on a pipe whose side was closed without an error: a write after the
 * reader was closed, or a read or write on a half that was itself already closed. Like Go's {@code
 * io.ErrClosedPipe}.
 */
public final class ClosedPipeException extends IOException {
  private static final long serialVersionUID = 1L;

  public ClosedPipeException(String message) {
    super(message);
  }
}
