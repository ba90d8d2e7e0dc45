import { findPolicyById } from '../escalation/policies/repository.ts';
import type { Ctx } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { findTeamById } from '../teams/repository.ts';
import { type Edge, allEdges, findServicesByIds, lockDependencyGraph } from './repository.ts';

/** Checks JSON schema cannot express. Each names the field it rejects. */
export async function assertTeamExists(ctx: Ctx, teamId: string): Promise<void> {
  if (!(await findTeamById(ctx.db, teamId)))
    throw new ValidationError(`team_id: no team ${JSON.stringify(teamId)}`);
}

export async function assertEscalationPolicyExists(ctx: Ctx, policyId: string): Promise<void> {
  if (!(await findPolicyById(ctx.db, policyId)))
    throw new ValidationError(`escalation_policy_id: no escalation policy ${JSON.stringify(policyId)}`);
}

/**
 * The shortest path from one of `starts` back to `target`, as `[target, start, ..., target]`,
 * over `edges` without `target`'s own outgoing edges (those are being replaced).
 */
export function findCycle(target: string, starts: string[], edges: Edge[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (e.service_id === target) continue;
    const list = next.get(e.service_id);
    if (list) list.push(e.depends_on_id);
    else next.set(e.service_id, [e.depends_on_id]);
  }
  const parent = new Map<string, string>();
  const queue: string[] = [];
  for (const s of starts) {
    if (parent.has(s)) continue;
    parent.set(s, target);
    queue.push(s);
  }
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (node === target) {
      const path = [target];
      for (let at = parent.get(target); at !== undefined && at !== target; at = parent.get(at))
        path.unshift(at);
      return [target, ...path];
    }
    for (const n of next.get(node) ?? []) {
      if (parent.has(n)) continue;
      parent.set(n, node);
      queue.push(n);
    }
  }
  return undefined;
}

/**
 * Every dependency must be another existing service, listed once, and the new edges must not
 * close a cycle: anything that walks the graph (outage impact, likely upstream causes) would
 * never end. The whole edge list is loaded because it is small (one row per dependency) and a
 * walk in memory behaves the same on both dialects.
 */
export async function assertDependencies(
  ctx: Ctx,
  service: { id: string; name: string },
  deps: string[],
): Promise<void> {
  const firstIndex = new Map<string, number>();
  deps.forEach((dep, i) => {
    if (dep === service.id) throw new ValidationError(`dependencies.${i}: a service cannot depend on itself`);
    const first = firstIndex.get(dep);
    if (first !== undefined)
      throw new ValidationError(`dependencies.${i}: ${dep} is already dependencies.${first}`);
    firstIndex.set(dep, i);
  });
  if (deps.length === 0) return;
  const names = new Map((await findServicesByIds(ctx.db, deps)).map((s) => [s.id, s.name]));
  deps.forEach((dep, i) => {
    if (!names.has(dep)) throw new ValidationError(`dependencies.${i}: no service ${JSON.stringify(dep)}`);
  });
  if (ctx.dialect === 'postgres') await lockDependencyGraph(ctx.db);
  const cycle = findCycle(service.id, deps, await allEdges(ctx.db));
  if (cycle === undefined) return;
  const unnamed = cycle.filter((id) => id !== service.id && !names.has(id));
  for (const s of await findServicesByIds(ctx.db, unnamed)) names.set(s.id, s.name);
  names.set(service.id, service.name);
  const path = cycle.map((id) => names.get(id) ?? id).join(' -> ');
  throw new ValidationError(`dependencies: would create a cycle ${path}`);
}
