/**
 * Wire formats of numbers shared by every layer: Kubernetes quantities and Go-style numbers, each
 * written and read in one place.
 */
package io.tidemark.query.format;
