package dev.symmetric.core;

/**
 * One entry of {@code _revs_info}: a revision and whether its body can be read ({@code available}),
 * was removed by compaction ({@code missing}) or is a deletion ({@code deleted}).
 */
public record RevInfo(Revision rev, String status) {}
