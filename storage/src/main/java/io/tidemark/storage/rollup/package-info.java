/**
 * Downsampling: the 5-minute and 1-hour buckets (min, max, sum, count, first, last, counter
 * increase, a quantile sketch for gauges) that {@link io.tidemark.storage.rollup.Rollups} computes
 * from raw samples, for the background rollup job and for queries over data not rolled up yet
 * alike. The store keeps them per rollup tier ({@code RollupBlock/1}).
 */
package io.tidemark.storage.rollup;
