/**
 * Named counters: incident numbers (src/incidents/numbers.ts) and round-robin positions
 * (src/escalation/targets.ts). A row lock orders concurrent increments on every node.
 */
export interface CounterTables {
  counters: CountersTable;
}

export interface CountersTable {
  name: string;
  value: number;
}
