import { MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import type { EscalationPolicyView, IncidentView, SeverityView, UserView } from '../../types.ts';
import { ActionModal } from './ActionModal.tsx';
import { fieldError, formError, incidentPath, useIncidentAction, useList } from './data.ts';

/** The incident actions that take input, each a modal opened from the actions menu. */
export type ModalName = 'snooze' | 'severity' | 'escalate' | 'reassign' | 'merge' | 'close';

interface Props {
  incident: IncidentView;
  refKey: string;
  opened: boolean;
  onClose: () => void;
}

/** Shared by every modal: the write, and closing only when it worked (else the input stays). */
function useModalAction<V>(p: Props, request: (v: V) => ['POST' | 'PATCH', string, unknown?]) {
  const action = useIncidentAction(p.refKey, request);
  const submit = (v: V) => action.mutate(v, { onSuccess: p.onClose });
  return { action, submit };
}

export function SnoozeModal(p: Props) {
  const [minutes, setMinutes] = useState<string | number>(30);
  const { action, submit } = useModalAction(p, (m: string | number) => [
    'POST',
    `${incidentPath(p.refKey)}/snooze`,
    { minutes: Number(m) },
  ]);
  return (
    <ActionModal
      title="Snooze the incident"
      submitLabel="Snooze"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(minutes)}
      pending={action.isPending}
      error={action.conflict ?? formError(action.error, ['minutes'])}
    >
      <NumberInput
        label="Minutes"
        description="It is triggered and paged again after this long"
        value={minutes}
        onChange={setMinutes}
        error={fieldError(action.error, 'minutes', true)}
        data-autofocus
      />
    </ActionModal>
  );
}

export function SeverityModal(p: Props) {
  const severities = useList<SeverityView>('severities', '/severities', p.opened);
  const [severity, setSeverity] = useState<string | null>(p.incident.severity);
  const { action, submit } = useModalAction(p, (s: string | null) => [
    'PATCH',
    incidentPath(p.refKey),
    { severity: s },
  ]);
  return (
    <ActionModal
      title="Change the severity"
      submitLabel="Change severity"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(severity)}
      pending={action.isPending}
      error={action.conflict ?? formError(action.error, ['severity'])}
    >
      <Select
        label="Severity"
        data={(severities.data?.data ?? []).map((s) => ({
          value: s.name,
          label: `${s.name}: ${s.description}`,
        }))}
        value={severity}
        onChange={setSeverity}
        allowDeselect={false}
        error={fieldError(action.error, 'severity', true)}
      />
    </ActionModal>
  );
}

export function EscalateModal(p: Props) {
  const [level, setLevel] = useState<string | number>('');
  const { action, submit } = useModalAction(p, (l: string | number) => [
    'POST',
    `${incidentPath(p.refKey)}/escalate`,
    l === '' ? {} : { level: Number(l) },
  ]);
  return (
    <ActionModal
      title="Escalate now"
      submitLabel="Escalate"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(level)}
      pending={action.isPending}
      error={action.conflict ?? formError(action.error, ['level'])}
    >
      <NumberInput
        label="Level"
        description="Leave empty to page the next level of the escalation policy"
        min={1}
        value={level}
        onChange={setLevel}
        error={fieldError(action.error, 'level', true)}
      />
    </ActionModal>
  );
}

export function ReassignModal(p: Props) {
  const users = useList<UserView>('users', '/users?limit=500', p.opened);
  const policies = useList<EscalationPolicyView>('policies', '/escalation-policies?limit=500', p.opened);
  const [people, setPeople] = useState<string[]>([]);
  const [policy, setPolicy] = useState<string | null>(null);
  const { action, submit } = useModalAction(p, () => [
    'POST',
    `${incidentPath(p.refKey)}/reassign`,
    people.length > 0 ? { user_ids: people } : policy !== null ? { escalation_policy_id: policy } : {},
  ]);
  return (
    <ActionModal
      title="Reassign"
      submitLabel="Reassign and page"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(undefined)}
      pending={action.isPending}
      error={action.conflict ?? formError(action.error, ['user_ids', 'escalation_policy_id'])}
    >
      <MultiSelect
        label="People to page"
        searchable
        data={(users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        value={people}
        onChange={setPeople}
        error={fieldError(action.error, 'user_ids', true)}
      />
      <Select
        label="Or an escalation policy"
        searchable
        clearable
        disabled={people.length > 0}
        data={(policies.data?.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
        value={policy}
        onChange={setPolicy}
        error={fieldError(action.error, 'escalation_policy_id')}
      />
    </ActionModal>
  );
}

/** Merge this incident into another: the other one's merge endpoint takes this one in. */
export function MergeModal(p: Props) {
  const [target, setTarget] = useState('');
  const { action, submit } = useModalAction(p, (t: string) => [
    'POST',
    `${incidentPath(t.trim())}/merge`,
    { incident_ids: [p.incident.id] },
  ]);
  // A number that is no incident is a 404 of the target: it belongs next to the field too.
  const notFound = action.error instanceof ApiError && action.error.status === 404;
  return (
    <ActionModal
      title={`Merge ${p.incident.ref} into another incident`}
      submitLabel="Merge"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(target)}
      pending={action.isPending}
      error={action.conflict ?? (notFound ? undefined : formError(action.error, ['incident_ids']))}
    >
      <TextInput
        label="The incident to merge into"
        description={`e.g. INC-12. ${p.incident.ref} ends resolved and its alerts and timeline move there.`}
        value={target}
        onChange={(e) => setTarget(e.currentTarget.value)}
        error={notFound ? action.error?.message : fieldError(action.error, 'incident_ids', true)}
        data-autofocus
      />
    </ActionModal>
  );
}

export function CloseModal(p: Props) {
  const [url, setUrl] = useState(p.incident.postmortem_url ?? '');
  const { action, submit } = useModalAction(p, (u: string) => [
    'POST',
    `${incidentPath(p.refKey)}/close`,
    u.trim() === '' ? {} : { postmortem_url: u.trim() },
  ]);
  return (
    <ActionModal
      title={`Close ${p.incident.ref}`}
      submitLabel="Close incident"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(url)}
      pending={action.isPending}
      error={action.conflict ?? formError(action.error, ['postmortem_url'])}
    >
      <TextInput
        label="Postmortem URL"
        description="Required for severities that need a postmortem"
        type="url"
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
        error={fieldError(action.error, 'postmortem_url', true)}
        data-autofocus
      />
    </ActionModal>
  );
}
