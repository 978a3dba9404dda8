package io.deltalens.internal.kernel;

import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.internal.engine.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Kernel's {@link CloseableIterator} over values in memory, and over sources opened one after another (its public
 * API has no factory for either).
 */
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

  /** Opens one source's values; may fail as reading does. */
  public interface Opener<S, T> {
    CloseableIterator<T> open(S source) throws IOException;
  }

  /**
   * The values of every source in turn, each source opened when the one before is done (and closed then), so
   * only one is open at a time; closing closes the open one and {@code sources}.
   */
  public static <S, T> CloseableIterator<T> flatten(CloseableIterator<S> sources, Opener<S, T> opener) {
    return new CloseableIterator<>() {
      private CloseableIterator<T> current = of(List.<T>of());

      @Override
      public boolean hasNext() {
        try {
          while (!current.hasNext() && sources.hasNext()) {
            current.close();
            current = opener.open(sources.next());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() throws IOException {
        current.close();
        sources.close();
      }
    };
  }
}
