/** The Netty engine behind {@code dev.symmetric.http}; not an API, may change at any time. */
package dev.symmetric.http.internal;
