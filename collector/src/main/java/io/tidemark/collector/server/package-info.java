/** Serving: the HTTPS connector that takes a PEM certificate and key. */
package io.tidemark.collector.server;
