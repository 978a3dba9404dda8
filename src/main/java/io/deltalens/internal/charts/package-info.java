/**
 * Charts described once ({@link io.deltalens.internal.charts.ChartSpec}: layers of marks over small
 * tables) and drawn two ways from that one description: a Vega-Lite spec, which JupyterLab draws
 * interactively with no network, and a PNG through XChart, for GitHub and other static viewers.
 */
package io.deltalens.internal.charts;
