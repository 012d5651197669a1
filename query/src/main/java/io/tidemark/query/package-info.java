/**
 * The query side of Tidemark: computations over the store and the HTTP resources that serve them.
 * Nothing here knows how samples were scraped.
 */
package io.tidemark.query;
