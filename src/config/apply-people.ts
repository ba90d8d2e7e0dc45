import { addTeamMember, removeTeamMember, updateTeamMember } from '../teams/members.ts';
import { createTeam } from '../teams/create.ts';
import { updateTeam } from '../teams/update.ts';
import { addContactMethod, removeContactMethod, updateContactMethod } from '../users/contact-methods.ts';
import { createUser } from '../users/create.ts';
import { deactivateUser, reactivateUser } from '../users/deactivate.ts';
import { addNotificationRule, removeNotificationRule } from '../users/notification-rules.ts';
import { updateUser } from '../users/update.ts';
import type { Change } from './diff.ts';
import { type NRule, type NUser, ruleKey } from './normal.ts';
import { changed, desiredOf, idOf, itemsOf, located, type Run } from './run.ts';

/** Users with their contact methods and notification rules, then teams and their members. */

export async function applyUser(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'users', change.name);
  await located(run, change, async () => {
    if (change.op === 'create') {
      const user = await createUser({
        ctx,
        input: {
          name: d.name,
          email: d.email,
          role: d.role,
          time_zone: d.time_zone,
          contact_methods: (d.contact_methods ?? []).map((m) => ({ ...m })),
        },
      });
      run.ids.users.set(d.email, user.id);
      const methods = new Map(user.contact_methods.map((m) => [m.label, m.id]));
      for (const rule of d.notification_rules ?? []) await addRule(run, user.id, methods, rule);
      return;
    }
    const current = run.state.users.get(change.name);
    if (current === undefined) throw new Error(`user ${change.name} is not in the database`);
    const id = current.id;
    // Reactivated first, so the schedules and policies applied next may name them again.
    if (changed(change, 'deactivated') && !d.deactivated) await reactivateUser({ ctx, input: { id } });
    const patch: { name?: string; role?: NUser['role']; time_zone?: string } = {};
    if (changed(change, 'name')) patch.name = d.name;
    if (changed(change, 'role')) patch.role = d.role;
    if (changed(change, 'time_zone')) patch.time_zone = d.time_zone;
    if (Object.keys(patch).length > 0) await updateUser({ ctx, input: { id, ...patch } });

    // Rules go before the methods they point at, and removals before adds, so a rule or an
    // address can move from one entry to another within one apply.
    for (const item of itemsOf(change, 'notification_rules', 'remove')) {
      const ruleId = current.ruleIds.get(item.key);
      if (ruleId !== undefined) await removeNotificationRule({ ctx, input: { userId: id, id: ruleId } });
    }
    const methods = new Map(current.methodIds);
    for (const item of itemsOf(change, 'contact_methods', 'remove')) {
      const methodId = methods.get(item.key);
      if (methodId !== undefined) await removeContactMethod({ ctx, input: { userId: id, id: methodId } });
      methods.delete(item.key);
    }
    const wanted = new Map((d.contact_methods ?? []).map((m) => [m.label, m]));
    for (const item of itemsOf(change, 'contact_methods', 'change')) {
      const methodId = methods.get(item.key);
      const m = wanted.get(item.key);
      if (methodId === undefined || m === undefined) continue;
      // The label too: a method known by a derived label (`slack`, `work-2`) keeps it when its type changes.
      await updateContactMethod({ ctx, input: { userId: id, id: methodId, ...m } });
    }
    for (const item of itemsOf(change, 'contact_methods', 'add')) {
      const m = wanted.get(item.key);
      if (m === undefined) continue;
      const view = await addContactMethod({ ctx, input: { userId: id, ...m } });
      methods.set(m.label, view.id);
    }
    const rules = new Map((d.notification_rules ?? []).map((r) => [ruleKey(r), r]));
    for (const item of itemsOf(change, 'notification_rules', 'add')) {
      const rule = rules.get(item.key);
      if (rule !== undefined) await addRule(run, id, methods, rule);
    }
  });
}

/**
 * Deactivations go last, after the schedules, policies and teams of the same file: those may
 * still name the person (an exported install keeps them in old rotations), which the API refuses
 * for someone already deactivated.
 */
export async function applyDeactivation(run: Run, change: Change): Promise<void> {
  const d = desiredOf(run, 'users', change.name);
  if (!d.deactivated) return;
  if (change.op !== 'create' && !changed(change, 'deactivated')) return;
  await located(run, change, async () => {
    const id = run.ids.users.get(d.email) ?? run.state.users.get(change.name)?.id;
    if (id === undefined) throw new Error(`user ${change.name} is not in the database`);
    await deactivateUser({ ctx: run.ctx, input: { id } });
  });
}

async function addRule(run: Run, userId: string, methods: Map<string, string>, rule: NRule): Promise<void> {
  const methodId = methods.get(rule.contact_method);
  if (methodId === undefined) throw new Error(`contact method ${rule.contact_method} was not created`);
  await addNotificationRule({
    ctx: run.ctx,
    input: { userId, contact_method_id: methodId, delay_minutes: rule.delay_minutes, urgency: rule.urgency },
  });
}

export async function applyTeam(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'teams', change.name);
  await located(run, change, async () => {
    let teamId: string;
    if (change.op === 'create') {
      teamId = (await createTeam({ ctx, input: { name: d.name, description: d.description } })).id;
      run.ids.teams.set(d.name, teamId);
      for (const m of d.members ?? []) {
        await addTeamMember({ ctx, input: { teamId, user_id: idOf(run, 'users', m.user), role: m.role } });
      }
      return;
    }
    teamId = idOf(run, 'teams', d.name);
    if (changed(change, 'description'))
      await updateTeam({ ctx, input: { id: teamId, description: d.description } });
    const roles = new Map((d.members ?? []).map((m) => [m.user, m.role]));
    for (const item of change.items) {
      const userId = idOf(run, 'users', item.key);
      const role = roles.get(item.key) ?? 'member';
      switch (item.op) {
        case 'remove':
          await removeTeamMember({ ctx, input: { teamId, userId } });
          break;
        case 'add':
          await addTeamMember({ ctx, input: { teamId, user_id: userId, role } });
          break;
        case 'change':
          await updateTeamMember({ ctx, input: { teamId, userId, role } });
          break;
      }
    }
  });
}
