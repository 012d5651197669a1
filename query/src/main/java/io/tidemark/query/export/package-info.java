/**
 * Export of a time range of raw samples as OpenMetrics text, shared by the {@code /api/v1/export}
 * endpoint and the {@code export} command: {@link io.tidemark.query.export.ExportRequest} says what
 * to export, {@link io.tidemark.query.export.OpenMetricsExport} writes it, series by series.
 */
package io.tidemark.query.export;
