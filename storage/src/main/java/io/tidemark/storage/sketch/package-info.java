/** Mergeable quantile sketches with relative accuracy ({@code LogSketch/1}). */
package io.tidemark.storage.sketch;
