/**
 * PostgreSQL advisory lock keys, one per purpose, in one place so two purposes never share one
 * by accident (first-admin bootstrap and config applies once did, and waited on each other).
 * Any constants work; they only have to be the same in every process. Add a new purpose at the
 * end with the next number; never reuse or renumber one, or nodes of different versions running
 * side by side would stop excluding each other.
 *
 * Single keys (`pg_advisory_xact_lock(bigint)`) and key pairs (`pg_advisory_xact_lock(int, int)`)
 * are separate lock spaces in PostgreSQL; a pair's first key names its purpose, so it must be
 * distinct from the others too.
 */
export const ADVISORY_LOCKS = {
  /** Appending to the audit hash chain: one writer at a time (src/platform/audit/record.ts). */
  audit: 74200001,
  /** Creating the first admin when nodes start together (src/users/bootstrap.ts). */
  bootstrap: 74200002,
  /** Cycle checks of the service dependency graph (src/services/repository.ts). */
  dependencyGraph: 74200003,
  /** Key pair (this, hashtext(person:channel)): the paging throttle (src/notify/repository.ts). */
  pagingThrottle: 74200004,
  /** `tocsin apply`: one configuration apply at a time (src/config/apply.ts). */
  configApply: 74200005,
  /** Key pair (this, hashtext(service id)): alert grouping per service (lockServiceForIngest in src/ingest/repository.ts). */
  ingestService: 74200006,
  /** Demoting, deactivating or deleting an active admin: the last-admin check (src/users/last-admin.ts). */
  activeAdmins: 74200007,
} as const;
