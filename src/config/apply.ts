import { deletePolicy } from '../escalation/policies/delete.ts';
import { deleteSchedule } from '../oncall/delete.ts';
import { type Actor, actorUserId, requireRole } from '../platform/auth/actor.ts';
import { hashSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { lockConfigApply } from '../platform/db/locks-repository.ts';
import { deleteService } from '../services/delete.ts';
import { deleteTeam } from '../teams/delete.ts';
import { deleteUser } from '../users/delete.ts';
import { applyPolicy, applySchedule } from './apply-oncall.ts';
import { applyDeactivation, applyTeam, applyUser } from './apply-people.ts';
import { applyDependencies, applyService, applySilence, applyWindow } from './apply-services.ts';
import {
  applyStatusComponent,
  applyStatusGroup,
  applyStatusPage,
  applyStatusTemplate,
  pruneStatusPage,
} from './apply-status.ts';
import { type Change, diffConfig, type Plan } from './diff.ts';
import type { ConfigSources } from './load.ts';
import { type NConfig, normalizeConfig } from './normal.ts';
import { type GeneratedKey, located, newRun, type Run } from './run.ts';
import type { ConfigKind, TocsinConfig } from './schema.ts';
import { readState, type State } from './state.ts';
import { applyRunbook, pruneRunbook } from './apply-runbooks.ts';
import { applyBudgetPolicy, applySlo, pruneSlo, resetBudgetPolicy } from './apply-slos.ts';
import { checkPlannedSteps } from './check-steps.ts';
import { forgetRunbookTargets } from '../runbooks/targets.ts';

/**
 * `tocsin plan` and `tocsin apply`: the file against the database. Apply runs in one
 * transaction, so a file that fails halfway changes nothing; every change is made by the same
 * actions the API uses (same checks, same audit records), as the actor `config`.
 */
export interface ConfigInput {
  /** Already loaded and checked (load.ts); `sources` turns failures into file:line. */
  config: TocsinConfig;
  sources?: ConfigSources | undefined;
  prune?: boolean | undefined;
  /** Values of the environment variables that `key_from_env` names, from where the CLI runs. */
  keys?: Readonly<Record<string, string>> | undefined;
  /** TOCSIN_PUBLIC_URL, for the runbook pages' addresses in audit records. */
  publicUrl?: string | undefined;
}

export interface ApplyResult {
  plan: Plan;
  /** Keys generated for new integrations without key_from_env: shown once, stored hashed. */
  keys: GeneratedKey[];
}

/** Config changes are audited as `config`, on behalf of whoever applied the file. */
export function configActor(actor: Actor): Actor {
  const userId = actorUserId(actor);
  return userId === null ? { type: 'system', name: 'config' } : { type: 'system', name: 'config', userId };
}

function planAgainst(desired: NConfig, state: State, input: ConfigInput, applier: Actor): Plan {
  const keys = input.keys ?? {};
  return diffConfig(desired, state, {
    prune: input.prune === true,
    keyHash: (env) => {
      const value = keys[env];
      return value === undefined || value === '' ? undefined : hashSecret(value);
    },
    actorUserId: actorUserId(applier),
  });
}

export async function planConfig({ ctx, input }: { ctx: Ctx; input: ConfigInput }): Promise<Plan> {
  requireRole(ctx.actor, 'admin');
  const desired = normalizeConfig(input.config);
  // In a transaction so the plan sees one consistent state, as apply would.
  return inTransaction(ctx, async (ctx) => {
    const plan = planAgainst(desired, await readState(ctx.db, ctx.clock.now()), input, ctx.actor);
    // What the file alone cannot tell (secrets that exist ...), at its place in the file.
    await checkPlannedSteps(ctx, desired, plan, input.sources);
    return plan;
  });
}

export async function applyConfig({ ctx, input }: { ctx: Ctx; input: ConfigInput }): Promise<ApplyResult> {
  requireRole(ctx.actor, 'admin');
  const desired = normalizeConfig(input.config);
  const applier = ctx.actor;
  const result = await inTransaction({ ...ctx, actor: configActor(applier) }, async (ctx) => {
    // Two applies at once (two CI jobs) would each plan against a state the other is changing;
    // on PostgreSQL they take turns. SQLite has one writer already.
    if (ctx.dialect === 'postgres') await lockConfigApply(ctx.db);
    const state = await readState(ctx.db, ctx.clock.now());
    const plan = planAgainst(desired, state, input, applier);
    if (plan.changes.length === 0) return { plan, keys: [] };
    await checkPlannedSteps(ctx, desired, plan, input.sources);
    const run = newRun(ctx, desired, state, input.keys ?? {}, input.sources, input.publicUrl);
    await execute(run, plan.changes);
    await recordAudit(ctx, {
      action: 'config.apply',
      targetType: 'config',
      targetId: null,
      after: {
        files: input.sources?.files ?? [],
        prune: input.prune === true,
        changes: plan.changes.map((c) => ({ kind: c.kind, name: c.name, op: c.op })),
      },
    });
    return { plan, keys: run.generated };
  });
  // The runbook actions forget this node's compiled runbooks as they write, but inside this
  // transaction: once more after the commit, so no reader keeps what was read in between.
  if (result.plan.changes.some((c) => c.kind === 'runbooks')) forgetRunbookTargets();
  return result;
}

const of = (changes: readonly Change[], kind: ConfigKind) =>
  changes.filter((c) => c.kind === kind && c.op !== 'delete');

/**
 * Creates and changes go in dependency order (people before the teams that list them, teams
 * before schedules, schedules before the policies that page them, policies before services,
 * services before the status page, SLOs, budget policies and runbooks that name them);
 * deletions come last, in the reverse order diff.ts lists them.
 */
async function execute(run: Run, changes: readonly Change[]): Promise<void> {
  for (const c of of(changes, 'users')) await applyUser(run, c);
  for (const c of of(changes, 'teams')) await applyTeam(run, c);
  for (const c of of(changes, 'schedules')) await applySchedule(run, c);
  for (const c of of(changes, 'escalation_policies')) await applyPolicy(run, c);
  const services = of(changes, 'services');
  for (const c of services) await applyService(run, c);
  await applyDependencies(run, services);
  for (const c of changes.filter((c) => c.kind === 'silences')) await applySilence(run, c);
  for (const c of changes.filter((c) => c.kind === 'maintenance_windows')) await applyWindow(run, c);
  for (const c of of(changes, 'status_page')) await applyStatusPage(run, c);
  for (const c of of(changes, 'status_page_groups')) await applyStatusGroup(run, c);
  for (const c of of(changes, 'status_page_components')) await applyStatusComponent(run, c);
  for (const c of of(changes, 'status_page_templates')) await applyStatusTemplate(run, c);
  for (const c of of(changes, 'slos')) await applySlo(run, c);
  for (const c of of(changes, 'budget_policies')) await applyBudgetPolicy(run, c);
  for (const c of of(changes, 'runbooks')) await applyRunbook(run, c);
  for (const c of of(changes, 'users')) await applyDeactivation(run, c);
  for (const c of changes) {
    if (c.op !== 'delete' || c.kind === 'silences' || c.kind === 'maintenance_windows') continue;
    await located(run, c, () => prune(run, c));
  }
}

async function prune(run: Run, change: Change): Promise<void> {
  const { ctx, state } = run;
  const id = state[change.kind].get(change.name)?.id;
  if (id === undefined) return;
  switch (change.kind) {
    case 'services':
      return deleteService({ ctx, input: { id } });
    case 'escalation_policies':
      return deletePolicy({ ctx, input: { id } });
    case 'schedules':
      return deleteSchedule({ ctx, input: { id } });
    case 'teams':
      return deleteTeam({ ctx, input: { id } });
    case 'users':
      return deleteUser({ ctx, input: { id } });
    case 'status_page_components':
    case 'status_page_groups':
    case 'status_page_templates':
      return pruneStatusPage(run, change);
    case 'runbooks':
      return pruneRunbook(run, change);
    case 'slos':
      return pruneSlo(run, change);
    case 'budget_policies':
      return resetBudgetPolicy(run, change);
    case 'silences':
    case 'maintenance_windows':
    case 'status_page':
      return;
  }
}
