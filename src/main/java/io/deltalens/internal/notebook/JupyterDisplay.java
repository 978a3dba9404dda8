package io.deltalens.internal.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltalens.Chart;
import io.deltalens.CheckpointActions;
import io.deltalens.DeltaTable;
import io.deltalens.HtmlTable;
import io.deltalens.TextTable;
import io.deltalens.internal.charts.Bitmap;
import io.deltalens.internal.charts.VegaLite;
import java.util.Base64;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;

/** How deltalens' values show as a cell's result. */
public final class JupyterDisplay {
  private static final MIMEType VEGA_LITE = MIMEType.parse(VegaLite.MIME);
  private static final ObjectMapper JSON = new ObjectMapper();

  private JupyterDisplay() {}

  public static void register(BaseKernel kernel) {
    Renderer renderer = kernel.getRenderer();
    renderer.createRegistration(Table.class)
        .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
        .register((table, ctx) -> {
          ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> HtmlTable.render(table, 20));
          ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> TextTable.render(table, 20, 120));
        });
    renderer.createRegistration(DeltaTable.class)
        .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
        .register((table, ctx) -> {
          TableSummary summary = TableSummary.of(table);
          ctx.renderIfRequested(MIMEType.TEXT_HTML, summary::html);
          ctx.renderIfRequested(MIMEType.TEXT_PLAIN, summary::text);
        });
    renderer.createRegistration(CheckpointActions.class)
        .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
        .register((checkpoint, ctx) -> {
          ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> checkpointHtml(checkpoint));
          ctx.renderIfRequested(MIMEType.TEXT_PLAIN, checkpoint::toString);
        });
    // Vega-Lite for JupyterLab (interactive), PNG for viewers that cannot run it (GitHub, nbviewer)
    renderer.createRegistration(Chart.class)
        .preferring(VEGA_LITE, MIMEType.IMAGE_PNG).supporting(MIMEType.TEXT_PLAIN)
        .register((chart, ctx) -> {
          ctx.renderIfRequested(VEGA_LITE, () -> vegaLite(chart));
          ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(chart.png()));
          ctx.renderIfRequested(MIMEType.TEXT_PLAIN, chart::toString);
        });
    // a user's own XChart charts
    renderer.createRegistration(org.knowm.xchart.internal.chartpart.Chart.class)
        .preferring(MIMEType.IMAGE_PNG)
        .register((chart, ctx) -> ctx.renderIfRequested(MIMEType.IMAGE_PNG,
            () -> Base64.getEncoder().encodeToString(Bitmap.png(chart))));
  }

  /** The kinds and their counts, then one table per kind (the first rows of each). */
  private static String checkpointHtml(CheckpointActions checkpoint) {
    StringBuilder html = new StringBuilder(HtmlTable.render(checkpoint.summary(), 20));
    checkpoint.kinds().forEach(k -> html.append("<div style=\"margin-top:8px\">")
        .append(HtmlTable.render(checkpoint.get(k), 10)).append("</div>"));
    return html.toString();
  }

  /** The spec as a map, which the kernel sends as a JSON object (a string would arrive as a string). */
  private static Map<?, ?> vegaLite(Chart chart) {
    try {
      return JSON.readValue(chart.vegaLite(), Map.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
