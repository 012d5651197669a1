/**
 * The vocabulary of stored series: the names and labels that the collector writes and the query
 * side reads, each spelled once, in {@link io.tidemark.query.series.SeriesNames}.
 */
package io.tidemark.query.series;
