package org.gridscape.server.scene;

import java.util.concurrent.atomic.AtomicInteger;
import org.gridscape.scene.output.SceneOutput;

/**
 * Passes files through to a real output until a set number have been added, then throws: a build
 * that dies in the middle of writing. A negative limit never fails.
 */
final class FailingOutput implements SceneOutput {

  private final SceneOutput delegate;
  private final AtomicInteger limit;
  private final AtomicInteger added = new AtomicInteger();

  FailingOutput(SceneOutput delegate, AtomicInteger limit) {
    this.delegate = delegate;
    this.limit = limit;
  }

  @Override
  public void begin() {
    delegate.begin();
  }

  @Override
  public void add(String path, byte[] bytes) {
    int max = limit.get();
    if (max >= 0 && added.incrementAndGet() > max) {
      throw new IllegalStateException("simulated crash while writing " + path);
    }
    delegate.add(path, bytes);
  }

  @Override
  public void end() {
    delegate.end();
  }
}
