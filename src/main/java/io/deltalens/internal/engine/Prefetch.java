package io.deltalens.internal.engine;

import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.DeltaLensException;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs an iterator ahead on a thread of its own, a few elements at most, so that decoding parquet (Kernel's
 * reader) and consuming the batches (building a frame, writing files) use both cores instead of taking
 * turns. Kernel's reader hands out fresh vectors for every batch, so batches may change threads. An
 * exception in the source comes out of {@link #hasNext}, even one that left no room to say so (out of
 * memory: the consumer then finds the task ended and takes its failure from it, instead of waiting for an
 * element that never comes); {@link #close} stops the source.
 */
public final class Prefetch<T> implements CloseableIterator<T> {
  private static final Object END = new Object();
  /**
   * Batches of ~1,000 rows (Kernel's reader) to 16,384 (the columnar one): enough to keep both threads busy,
   * little memory.
   */
  private static final int BATCHES_AHEAD = 16;

  private record Failure(Throwable error) {}

  private final BlockingQueue<Object> queue;
  private final Future<?> task;
  private Object next;
  private boolean done;

  private Prefetch(CloseableIterator<T> source) {
    this.queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    this.task = Background.submit(() -> {
      produce(source);
      return null;
    });
  }

  /** {@code source}, read a few elements ahead of the caller. */
  public static <T> CloseableIterator<T> ahead(CloseableIterator<T> source) {
    return new Prefetch<>(source);
  }

  private void produce(CloseableIterator<T> source) {
    try (source) {
      while (source.hasNext()) {
        queue.put(source.next());
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed by the consumer
    } catch (Throwable e) {
      try {
        queue.put(new Failure(e));
      } catch (InterruptedException closed) {
        Thread.currentThread().interrupt();
      } catch (Throwable noRoom) { // the task's own failure tells it: see take()
        e.addSuppressed(noRoom);
        if (e instanceof Error error) {
          throw error;
        }
        throw e instanceof RuntimeException r ? r : new DeltaLensException(e.getMessage(), e);
      }
    }
  }

  /** The next element, or the producer's failure when it ended without queuing one. */
  private Object take() throws InterruptedException {
    while (true) {
      Object element = queue.poll(50, TimeUnit.MILLISECONDS);
      if (element != null) {
        return element;
      }
      if (task.isDone()) {
        element = queue.poll(); // queued just before it ended
        if (element != null) {
          return element;
        }
        try {
          task.get();
          return new Failure(new IllegalStateException("the reader ended without its last batch"));
        } catch (ExecutionException e) {
          return new Failure(e.getCause());
        }
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (done) {
      return false;
    }
    if (next == null) {
      try {
        next = take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeltaLensException("interrupted while reading", e);
      }
    }
    if (next instanceof Failure failure) {
      done = true;
      if (failure.error() instanceof RuntimeException r) {
        throw r;
      }
      if (failure.error() instanceof Error error) {
        throw error;
      }
      throw new DeltaLensException(failure.error().getMessage(), failure.error());
    }
    done = next == END;
    return !done;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T value = (T) next;
    next = null;
    return value;
  }

  @Override
  public void close() throws IOException {
    done = true;
    task.cancel(true);
    queue.clear();
  }
}
