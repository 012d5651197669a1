/**
 * The scrape loop: one scrape of a target (fetch, parse, store as one write), and the scheduler
 * that runs it for every target once per interval, spread over the interval, never twice at once
 * for the same target.
 */
package io.tidemark.collector.scrape;
