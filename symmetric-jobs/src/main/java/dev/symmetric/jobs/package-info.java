/**
 * Leader-free claims and jobs. {@link dev.symmetric.jobs.Claims} grants leases on keys with fencing
 * tokens through a majority of the cluster's members; see {@code docs/jobs.md}.
 */
package dev.symmetric.jobs;
