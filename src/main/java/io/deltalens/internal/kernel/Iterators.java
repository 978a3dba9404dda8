package io.deltalens.internal.kernel;

import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.internal.engine.Kernel;
import java.util.Iterator;
import java.util.List;

/** Kernel's {@link CloseableIterator} over values in memory (its public API has no factory for one). */
public final class Iterators {
  private Iterators() {}

  public static <T> CloseableIterator<T> of(List<T> values) {
    return of(values.iterator());
  }

  public static <T> CloseableIterator<T> of(Iterator<T> values) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return values.hasNext();
      }

      @Override
      public T next() {
        return values.next();
      }

      @Override
      public void close() {}
    };
  }
}
