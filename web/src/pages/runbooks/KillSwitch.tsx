import { Alert, Button, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { when } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { useManagesTeam } from '../../team-access.tsx';
import type { KillSwitchesView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { Problem } from '../profile/parts.tsx';
import { useAllServices } from './data.ts';
import { useKillSwitches, useSetKillSwitch } from './steps-data.ts';

type SwitchState = KillSwitchesView['global'];

/**
 * The kill switch of automated steps (GET/PUT /api/v1/runbook-kill-switch): while it is on, a
 * banner says automation is stopped and why, with Resume for admins (only they turn it off);
 * while it is off, "Stop all automation" for any responder, after a dialog asking why. Pulling
 * it cancels every run waiting for approval or queued. Given the incident's service, the banner
 * also shows that service's own switch, and the dialog can stop that service alone.
 */
export function KillSwitchBar({ serviceId }: { serviceId?: string }) {
  const me = useMe().data?.user;
  const switches = useKillSwitches();
  const set = useSetKillSwitch();
  const [asking, setAsking] = useState(false);
  const teamId = useAllServices().data?.data.find((s) => s.id === serviceId)?.team_id;
  const manages = useManagesTeam(teamId) === true;
  if (switches.data === undefined || me === undefined) return null;
  const admin = me.role === 'admin';
  const { global } = switches.data;
  const service =
    serviceId === undefined
      ? undefined
      : switches.data.services.find((s) => s.service.id === serviceId && s.engaged);
  return (
    <Stack gap="xs">
      {global.engaged && (
        <Stopped
          title={`Automation is stopped: ${global.reason === '' ? 'no reason given' : global.reason}`}
          state={global}
          resume={admin ? () => set.mutate({ engaged: false }) : undefined}
          who="an admin"
          pending={set.isPending}
        />
      )}
      {service !== undefined && (
        <Stopped
          title={`Automation is stopped for ${service.service.name}: ${service.reason === '' ? 'no reason given' : service.reason}`}
          state={service}
          resume={manages ? () => set.mutate({ engaged: false, serviceId: service.service.id }) : undefined}
          who="an admin or a manager of its team"
          pending={set.isPending}
        />
      )}
      {!asking && <Problem title="Could not resume automation" error={set.error} />}
      {!global.engaged && me.role !== 'viewer' && (
        <Group>
          <Button color="red.9" variant="outline" onClick={() => setAsking(true)}>
            Stop all automation
          </Button>
        </Group>
      )}
      {asking && <StopDialog serviceId={serviceId} onClose={() => setAsking(false)} />}
    </Stack>
  );
}

function Stopped({
  title,
  state,
  resume,
  who,
  pending,
}: {
  title: string;
  state: SwitchState;
  resume: (() => void) | undefined;
  who: string;
  pending: boolean;
}) {
  return (
    <Alert color="red" title={title} styles={{ title: { overflowWrap: 'anywhere' } }}>
      <Stack gap="xs">
        <Text size="sm">
          No automated step runs, asked for or on its own, until {who} resumes it.
          {state.changed_by !== null && state.changed_at !== null
            ? ` Stopped by ${state.changed_by.name}, ${when(state.changed_at)}.`
            : ''}
        </Text>
        {resume !== undefined && (
          <Group>
            <Button variant="default" onClick={resume} loading={pending}>
              Resume
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

function StopDialog({ serviceId, onClose }: { serviceId: string | undefined; onClose: () => void }) {
  const set = useSetKillSwitch();
  const services = useAllServices();
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'global' | 'service'>('global');
  const name = services.data?.data.find((s) => s.id === serviceId)?.name;
  const { byField, other } = fieldErrors(set.error, ['reason', 'service_id'] as const);
  const submit = () =>
    set.mutate(
      {
        engaged: true,
        reason: reason.trim(),
        ...(scope === 'service' && serviceId !== undefined ? { serviceId } : {}),
      },
      { onSuccess: onClose },
    );
  return (
    <ActionModal
      title="Stop all automation?"
      opened
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Stop automation"
      pending={set.isPending}
      error={other ?? byField.service_id}
    >
      <Text size="sm">
        Every step waiting for approval or queued is cancelled at once, and no step runs, asked for or on its
        own, until an admin resumes automation. Anyone can stop it; only admins resume it.
      </Text>
      <TextInput
        label="Reason"
        description="Everyone sees it on the banner while automation is stopped"
        placeholder="A bad deploy: the restart step loops"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={byField.reason}
        data-autofocus
      />
      {serviceId !== undefined && name !== undefined && (
        <Radio.Group
          label="What to stop"
          value={scope}
          onChange={(v) => setScope(v === 'service' ? 'service' : 'global')}
        >
          <Stack gap={6} mt={4}>
            <Radio value="global" label="Every service" />
            <Radio value="service" label={`Only ${name} (its team’s managers can resume it too)`} />
          </Stack>
        </Radio.Group>
      )}
    </ActionModal>
  );
}
