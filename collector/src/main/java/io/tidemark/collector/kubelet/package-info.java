/** The kubelet HTTP client: OkHttp with verified TLS, a rotating bearer token and size caps. */
package io.tidemark.collector.kubelet;
