/** The JAX-RS resources of the query side. */
package io.tidemark.query.resources;
