/** The claims protocol and the scheduler's engine; not an API, may change without notice. */
package dev.symmetric.jobs.internal;
