import { Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import type { PlanChangeView, PlanView as Plan } from '../../types.ts';

/**
 * A plan from /api/v1/config/plan (or what /config/apply did), for people: one block per
 * object, as `tocsin plan` prints it (src/config/format.ts), with words instead of signs.
 */

/** `escalation_policies` -> `escalation policy`: the kinds are the file's plural list names. */
const kindLabel = (kind: PlanChangeView['kind']) =>
  kind.replace(/_/g, ' ').replace(/ies$/, 'y').replace(/s$/, '');
const OP: Record<PlanChangeView['op'], { verb: string; color: string }> = {
  create: { verb: 'Create', color: 'green' },
  update: { verb: 'Change', color: 'blue' },
  delete: { verb: 'Delete', color: 'red' },
  replace: { verb: 'Replace', color: 'orange' },
};
const ITEM_OP = { add: 'add', remove: 'remove', change: 'change' } as const;

const show = (v: unknown) => (v === null || v === undefined ? 'none' : JSON.stringify(v));

/** One line per change, e.g. `Create team "Payments"`: what the apply confirmation lists. */
export function changeLine(c: PlanChangeView): string {
  return `${OP[c.op].verb} ${kindLabel(c.kind)} "${c.name}"${c.reason ? ` (${c.reason})` : ''}`;
}

/** "2 to create, 1 to change", or "No changes". */
export function planSummary(plan: Plan): string {
  if (plan.changes.length === 0) return 'No changes: Tocsin already matches this configuration.';
  const counts = new Map<string, number>();
  for (const c of plan.changes) counts.set(c.op, (counts.get(c.op) ?? 0) + 1);
  const words = { create: 'to create', update: 'to change', delete: 'to delete', replace: 'to replace' };
  return [...counts].map(([op, n]) => `${n} ${words[op as PlanChangeView['op']]}`).join(', ');
}

export function PlanView({ plan, label }: { plan: Plan; label: string }) {
  return (
    <Stack gap="xs">
      <Text fw={600}>{planSummary(plan)}</Text>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
        {plan.changes.map((c) => (
          <Paper key={`${c.kind}/${c.name}/${c.op}`} component="li" withBorder p="sm">
            <Group gap="xs" wrap="wrap">
              <Badge color={`${OP[c.op].color}.8`} variant="filled" autoContrast>
                {OP[c.op].verb}
              </Badge>
              <Text component="span" style={{ overflowWrap: 'anywhere' }}>
                {kindLabel(c.kind)} <strong>{c.name}</strong>
                {c.reason && ` (${c.reason})`}
              </Text>
            </Group>
            {(c.fields.length > 0 || c.items.length > 0) && (
              <List size="sm" mt="xs" style={{ overflowWrap: 'anywhere' }}>
                {c.fields.map((f) => (
                  <List.Item key={f.field}>
                    {f.field}: {show(f.before)} → {show(f.after)}
                  </List.Item>
                ))}
                {c.items.map((i) => (
                  <List.Item key={`${i.list}/${i.key}`}>
                    {ITEM_OP[i.op]} {i.list.replace(/_/g, ' ')} {i.key}
                    {i.fields.map((f) => `; ${f.field}: ${show(f.before)} → ${show(f.after)}`).join('')}
                  </List.Item>
                ))}
              </List>
            )}
          </Paper>
        ))}
      </Stack>
      {plan.notes.length > 0 && (
        <List size="sm" c="gray.7">
          {plan.notes.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
