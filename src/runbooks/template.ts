import { recordAudit } from '../platform/audit/record.ts';
import { requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { getSetting, putSetting } from '../platform/db/settings-repository.ts';

/** The settings key of the text a new runbook starts from, when an admin changed it. */
const TEMPLATE_KEY = 'runbooks.template';

/**
 * The six sections every runbook should answer (SRE practice): what it looks like, who is hurt,
 * how to find the cause, how to fix it, whom to call, how to keep it from coming back.
 */
export const DEFAULT_TEMPLATE = `## Symptoms

What the alert or the users see.

## Impact

Who and what is affected, and how badly.

## Diagnosis

Steps to find the cause: dashboards, queries, logs.

## Resolution

Steps to mitigate and fix, safest first.

## Escalation

Whom to bring in when this does not work, and how.

## Prevention

What would stop this from happening again.
`;

export async function runbookTemplate(db: Queryable): Promise<{ body: string }> {
  return { body: (await getSetting(db, TEMPLATE_KEY)) ?? DEFAULT_TEMPLATE };
}

/** Admins change the template; runbooks already written keep their text. */
export async function setRunbookTemplate({ ctx, input }: { ctx: Ctx; input: { body: string } }) {
  requireRole(ctx.actor, 'admin');
  return inTransaction(ctx, async (ctx) => {
    const before = await runbookTemplate(ctx.db);
    await putSetting(ctx.db, TEMPLATE_KEY, input.body, ctx.clock.now());
    await recordAudit(ctx, {
      action: 'runbook_template.update',
      targetType: 'runbook_template',
      targetId: 'default',
      before,
      after: { body: input.body },
    });
    return { body: input.body };
  });
}
