package io.deltalens.internal.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Found by JJava through {@code META-INF/services}. It evaluates in the notebook's own code space rather
 * than calling the renderers directly, so the classes it registers are the ones the notebook's values
 * are made of (the kernel may load this class through another class loader).
 */
public final class JupyterExtension implements Extension {
  /** Replaces the jshell helpers' progress line (a terminal line rewritten) by one updating output. */
  private static final String NOTEBOOK_HELPERS = """
      io.deltalens.internal.notebook.JupyterDisplay.register(kernel());
      /** One output line that each progress message replaces: {@code .progress(progressLine())}. */
      java.util.function.Consumer<String> progressLine() {
        String[] id = {null};
        return line -> {
          synchronized (id) {
            if (id[0] == null) {
              id[0] = display(line);
            } else {
              updateDisplay(id[0], line);
            }
          }
        };
      }
      """;

  @Override
  public void install(BaseKernel kernel) {
    try {
      kernel.eval(startupScript());
      kernel.eval(NOTEBOOK_HELPERS);
    } catch (Exception e) {
      throw new IllegalStateException("deltalens: the notebook extension failed: " + e.getMessage(), e);
    }
  }

  private static String startupScript() {
    try (InputStream in = JupyterExtension.class.getResourceAsStream("/io/deltalens/jshell-startup.jsh")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
