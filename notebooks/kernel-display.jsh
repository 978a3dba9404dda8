// Loaded by the notebook kernel after jshell-startup.jsh: Tablesaw tables render as HTML tables and
// charts as PNG images, so the last expression of a cell just shows.
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

kernel().getRenderer().createRegistration(Table.class)
    .preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
    .register((table, ctx) -> {
      ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> HtmlTable.render(table, 20));
      ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> TextTable.render(table, 20, 120));
    });

kernel().getRenderer().createRegistration(org.knowm.xchart.internal.chartpart.Chart.class)
    .preferring(MIMEType.IMAGE_PNG)
    .register((chart, ctx) -> ctx.renderIfRequested(MIMEType.IMAGE_PNG,
        () -> java.util.Base64.getEncoder().encodeToString(Plots.png(chart))));
