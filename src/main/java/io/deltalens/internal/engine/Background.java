package io.deltalens.internal.engine;

import io.deltalens.DeltaLensException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The daemon threads deltalens runs work on beside the caller's (reading ahead, a second writer, computing
 * while the caller reads on), so that a jshell session or a notebook never waits on them to exit.
 */
public final class Background {
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(daemons("deltalens-background"));

  /** Computing work handed over while the caller goes on: a thread per core, the rest queued. */
  private static final ExecutorService CORES = Executors.newFixedThreadPool(
      Runtime.getRuntime().availableProcessors(), daemons("deltalens-compute"));

  private static ThreadFactory daemons(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private Background() {}

  public static <T> Future<T> submit(Callable<T> work) {
    return THREADS.submit(work);
  }

  /** Starts {@code work} that computes (no I/O, no waiting on other such work) on one of the cores. */
  public static <T> Future<T> compute(Callable<T> work) {
    return CORES.submit(work);
  }

  /**
   * {@code work} applied to each item, at most {@code parallelism} at a time (I/O-bound work: footers,
   * object stats), the results in the items' order; the first failure is thrown once all have ended.
   */
  public static <A, B> List<B> map(List<A> items, int parallelism, Function<A, B> work) {
    if (items.size() < 2 || parallelism < 2) {
      return items.stream().map(work).collect(Collectors.toList());
    }
    Object[] results = new Object[items.size()];
    AtomicInteger next = new AtomicInteger();
    List<Future<Object>> workers = new ArrayList<>();
    for (int w = 0; w < Math.min(parallelism, items.size()); w++) {
      workers.add(submit(() -> {
        for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
          results[i] = work.apply(items.get(i));
        }
        return null;
      }));
    }
    Throwable failed = null;
    for (Future<Object> worker : workers) {
      try {
        join(worker);
      } catch (RuntimeException | Error e) {
        next.set(items.size()); // the others stop at their next item
        failed = failed == null ? e : failed;
      }
    }
    if (failed instanceof Error error) {
      throw error;
    }
    if (failed != null) {
      throw (RuntimeException) failed;
    }
    @SuppressWarnings("unchecked")
    List<B> list = (List<B>) Arrays.asList(results);
    return list;
  }

  /** Work on an item that reads or writes. */
  public interface IOFunction<A, B> {
    B apply(A item) throws IOException;
  }

  /** As {@link #map}, for work that reads or writes: its {@link IOException} comes out as it was thrown. */
  public static <A, B> List<B> mapIO(List<A> items, int parallelism, IOFunction<A, B> work) throws IOException {
    try {
      return map(items, parallelism, item -> {
        try {
          return work.apply(item);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The result of {@code work}; its exception as thrown there (checked ones wrapped). */
  public static <T> T join(Future<T> work) {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltaLensException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new DeltaLensException(e.getCause().getMessage(), e.getCause());
    }
  }
}
