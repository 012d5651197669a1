/** Capacity planning: usage trends and right-sizing recommendations from the stored history. */
package io.tidemark.query.capacity;
