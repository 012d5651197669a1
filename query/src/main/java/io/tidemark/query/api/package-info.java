/** JSON representations served by the query resources, as records. */
package io.tidemark.query.api;
