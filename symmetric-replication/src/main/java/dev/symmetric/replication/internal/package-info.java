/** The replication engine and the endpoint implementations; not an API. */
package dev.symmetric.replication.internal;
