package io.deltalens;

import io.deltalens.internal.charts.Bitmap;
import io.deltalens.internal.charts.ChartSpec;
import io.deltalens.internal.charts.VegaLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A chart from {@link Plots}. In a notebook it shows interactive (Vega-Lite, drawn by JupyterLab with
 * no network) with a PNG beside it for static viewers such as GitHub; in jshell and scripts, save it.
 */
public final class Chart {
  private final ChartSpec spec;

  Chart(ChartSpec spec) {
    this.spec = spec;
  }

  public String title() {
    return spec.title();
  }

  /** The chart as a Vega-Lite v5 spec (JSON text, data inline). */
  public String vegaLite() {
    return VegaLite.spec(spec).toPrettyString();
  }

  /** The chart as PNG bytes. */
  public byte[] png() {
    return Bitmap.png(spec);
  }

  /** Saves the chart: a {@code .json} name gets the Vega-Lite spec, any other a PNG image. */
  public Path save(Path file) {
    try {
      if (file.getFileName().toString().endsWith(".json")) {
        Files.writeString(file, vegaLite());
      } else {
        Files.write(file, png());
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "chart: " + spec.title();
  }
}
