/**
 * Work is leased when it is created: the process that commits a job or a report hands it to its
 * own runner right after the commit, so nobody else takes it unless that process dies and the
 * lease runs out (after a restart, `releaseLeases` frees them at once).
 */
export const JOB_LEASE_MS = 300_000;
/** Longer than one delivery attempt may take. */
export const REPORT_ATTEMPT_TIMEOUT_MS = 10_000;
export const REPORT_LEASE_MS = REPORT_ATTEMPT_TIMEOUT_MS + 5_000;
