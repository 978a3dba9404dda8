package io.deltalens.internal.engine;

import io.deltalens.DeltaLensException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The daemon threads deltalens runs work on beside the caller's (reading ahead, a second writer), so
 * that a jshell session or a notebook never waits on them to exit.
 */
public final class Background {
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "deltalens-background");
    thread.setDaemon(true);
    return thread;
  });

  private Background() {}

  public static <T> Future<T> submit(Callable<T> work) {
    return THREADS.submit(work);
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
