/**
 * Opens the store from what the configuration or a command line says: the one place where {@code
 * storage.*} settings become {@link io.tidemark.storage.StoreOptions}.
 */
package io.tidemark.collector.store;
