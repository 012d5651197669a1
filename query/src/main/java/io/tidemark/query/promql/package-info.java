/**
 * A PromQL engine over the store: a hand-written lexer and parser for the supported subset of the
 * language ({@link io.tidemark.query.promql.Parser}), and an evaluator with the semantics of
 * Prometheus 2.42 ({@link io.tidemark.query.promql.PromQlEngine}). Data comes through {@link
 * io.tidemark.query.promql.SeriesSource}; nothing here knows HTTP.
 */
package io.tidemark.query.promql;
