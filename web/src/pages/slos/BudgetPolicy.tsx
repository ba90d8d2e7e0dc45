import { Alert, Button, Checkbox, Fieldset, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { useManagesTeam } from '../../team-access.tsx';
import { useBudgetPolicy, useSaveBudgetPolicy } from './data.ts';
import { type BudgetPolicyView, toFraction, toPercent } from './model.ts';

const LOCAL = "yyyy-MM-dd'T'HH:mm";
const FIELDS = [
  'block_releases',
  'min_budget_remaining',
  'block_when_unknown',
  'override_until',
  'override_reason',
] as const;

interface Form {
  block_releases: boolean;
  /** A percentage as typed, or '' while empty. */
  min: number | string;
  block_when_unknown: boolean;
  /** A datetime-local value in the browser's zone, or '' for no override. */
  until: string;
  reason: string;
}

function formOf(p: BudgetPolicyView): Form {
  return {
    block_releases: p.block_releases,
    min: toPercent(p.min_budget_remaining),
    block_when_unknown: p.block_when_unknown,
    until: p.override_until === null ? '' : DateTime.fromISO(p.override_until).toFormat(LOCAL),
    reason: p.override_reason ?? '',
  };
}

function bodyOf(f: Form) {
  const until = f.until === '' ? null : (DateTime.fromISO(f.until).toUTC().toISO() ?? f.until);
  return {
    block_releases: f.block_releases,
    ...(typeof f.min === 'number' ? { min_budget_remaining: toFraction(f.min) } : {}),
    block_when_unknown: f.block_when_unknown,
    override_until: until,
    override_reason: until === null ? null : f.reason.trim(),
  };
}

/**
 * The service's budget policy (GET/PUT /api/v1/services/:id/budget-policy): whether a spent error
 * budget blocks releases, below what share left, whether an SLO whose state is unknown blocks
 * them too, and an override that lets releases through until a time, with its reason. Managers
 * of the service's team and admins change it; everyone else sees it disabled.
 */
export function BudgetPolicy({ serviceId, teamId }: { serviceId: string; teamId: string }) {
  const policy = useBudgetPolicy(serviceId);
  const canManage = useManagesTeam(teamId) === true;
  if (policy.data === undefined) return null;
  return <PolicyForm key={serviceId} serviceId={serviceId} policy={policy.data} canManage={canManage} />;
}

function PolicyForm({
  serviceId,
  policy,
  canManage,
}: {
  serviceId: string;
  policy: BudgetPolicyView;
  canManage: boolean;
}) {
  const [f, setF] = useState(() => formOf(policy));
  const save = useSaveBudgetPolicy(serviceId);
  const set = (change: Partial<Form>) => {
    setF((x) => ({ ...x, ...change }));
    save.reset();
  };
  const { byField, other } = fieldErrors(save.error, FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(bodyOf(f));
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Budget policy">
      <Stack gap="sm">
        <Fieldset legend="Budget policy" disabled={!canManage}>
          <Stack gap="sm">
            <Checkbox
              label="Block releases when an error budget is spent"
              checked={f.block_releases}
              onChange={(e) => set({ block_releases: e.currentTarget.checked })}
              error={byField.block_releases}
            />
            <NumberInput
              label="Minimum error budget left (%)"
              description="Releases are blocked while any SLO of the service has less left; 0: only once spent"
              min={0}
              max={100}
              decimalScale={2}
              value={f.min}
              onChange={(min) => set({ min })}
              error={byField.min_budget_remaining}
              maw={420}
            />
            <Checkbox
              label="Block releases while an SLO's state is unknown"
              description="Its Prometheus is unreachable, so nobody knows how much budget is left"
              checked={f.block_when_unknown}
              onChange={(e) => set({ block_when_unknown: e.currentTarget.checked })}
              error={byField.block_when_unknown}
            />
          </Stack>
        </Fieldset>
        <Fieldset legend="Override" disabled={!canManage}>
          <Stack gap="sm">
            <Text size="sm">
              Let releases through whatever the budgets say, until a time: a fix that must go out.
            </Text>
            <Group align="start" wrap="wrap">
              <TextInput
                type="datetime-local"
                label="Allow releases until"
                description="Empty: no override"
                value={f.until}
                onChange={(e) => set({ until: e.currentTarget.value })}
                error={byField.override_until}
              />
              <TextInput
                label="Reason"
                description="Shown with the gate while the override lasts"
                placeholder="Hotfix for the payment timeouts"
                value={f.reason}
                onChange={(e) => set({ reason: e.currentTarget.value })}
                error={byField.override_reason}
                style={{ flex: '1 1 16rem' }}
              />
            </Group>
            {canManage && f.until !== '' && (
              <Group>
                <Button variant="default" size="xs" onClick={() => set({ until: '', reason: '' })}>
                  Clear the override
                </Button>
              </Group>
            )}
          </Stack>
        </Fieldset>
        {canManage ? (
          <>
            {other !== undefined && (
              <Alert color="red" role="alert" title="Could not save the budget policy">
                {other}
              </Alert>
            )}
            {save.isSuccess && (
              <Alert color="green" role="status">
                Saved.
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save budget policy
              </Button>
            </Group>
          </>
        ) : (
          <Text size="sm">
            Only admins and the managers of the service&apos;s team change its budget policy.
          </Text>
        )}
      </Stack>
    </form>
  );
}
