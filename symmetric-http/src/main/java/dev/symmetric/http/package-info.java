/**
 * The embedded HTTP server of a Symmetric node.
 *
 * <p>The entry point is {@link dev.symmetric.http.HttpServer#builder()}: mount {@link
 * dev.symmetric.http.HttpService}s under base paths, add {@link dev.symmetric.http.Filter}s, set
 * bounds, then {@code build().start()}. Handlers see a {@link dev.symmetric.http.Request} and
 * return a value rendered as JSON or a {@link dev.symmetric.http.Response}.
 */
package dev.symmetric.http;
