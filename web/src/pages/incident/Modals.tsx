import { MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import type { IncidentView, SeverityView } from '../../types.ts';
import { ActionModal } from './ActionModal.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { incidentPath, useIncidentAction, useList } from './data.ts';
import { choosable, usePeople } from '../policies/directory.ts';
import { usePolicyList } from '../services/data.ts';

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
  const errors = fieldErrors(action.error, ['minutes'], 'minutes');
  return (
    <ActionModal
      title="Snooze the incident"
      submitLabel="Snooze"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(minutes)}
      pending={action.isPending}
      error={action.conflict ?? errors.other}
    >
      <NumberInput
        label="Minutes"
        description="It is triggered and paged again after this long"
        value={minutes}
        onChange={setMinutes}
        error={errors.byField.minutes}
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
  const errors = fieldErrors(action.error, ['severity'], 'severity');
  return (
    <ActionModal
      title="Change the severity"
      submitLabel="Change severity"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(severity)}
      pending={action.isPending}
      error={action.conflict ?? errors.other}
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
        error={errors.byField.severity}
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
  const errors = fieldErrors(action.error, ['level'], 'level');
  return (
    <ActionModal
      title="Escalate now"
      submitLabel="Escalate"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(level)}
      pending={action.isPending}
      error={action.conflict ?? errors.other}
    >
      <NumberInput
        label="Level"
        description="Leave empty to page the next level of the escalation policy"
        min={1}
        value={level}
        onChange={setLevel}
        error={errors.byField.level}
      />
    </ActionModal>
  );
}

export function ReassignModal(p: Props) {
  const users = usePeople(p.opened);
  const policies = usePolicyList(p.opened);
  const [people, setPeople] = useState<string[]>([]);
  const [policy, setPolicy] = useState<string | null>(null);
  const { action, submit } = useModalAction(p, () => [
    'POST',
    `${incidentPath(p.refKey)}/reassign`,
    people.length > 0 ? { user_ids: people } : policy !== null ? { escalation_policy_id: policy } : {},
  ]);
  const errors = fieldErrors(action.error, ['user_ids', 'escalation_policy_id'], 'user_ids');
  return (
    <ActionModal
      title="Reassign"
      submitLabel="Reassign and page"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(undefined)}
      pending={action.isPending}
      error={action.conflict ?? errors.other}
    >
      <MultiSelect
        label="People to page"
        searchable
        data={choosable(users.data?.data).map((u) => ({ value: u.id, label: u.name }))}
        value={people}
        onChange={setPeople}
        error={errors.byField.user_ids}
      />
      <Select
        label="Or an escalation policy"
        searchable
        clearable
        disabled={people.length > 0}
        data={(policies.data?.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
        value={policy}
        onChange={setPolicy}
        error={errors.byField.escalation_policy_id}
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
  const errors = fieldErrors(action.error, ['incident_ids'], 'incident_ids');
  return (
    <ActionModal
      title={`Merge ${p.incident.ref} into another incident`}
      submitLabel="Merge"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(target)}
      pending={action.isPending}
      error={action.conflict ?? (notFound ? undefined : errors.other)}
    >
      <TextInput
        label="The incident to merge into"
        description={`e.g. INC-12. ${p.incident.ref} ends resolved and its alerts and timeline move there.`}
        value={target}
        onChange={(e) => setTarget(e.currentTarget.value)}
        error={notFound ? action.error?.message : errors.byField.incident_ids}
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
  const errors = fieldErrors(action.error, ['postmortem_url'], 'postmortem_url');
  return (
    <ActionModal
      title={`Close ${p.incident.ref}`}
      submitLabel="Close incident"
      opened={p.opened}
      onClose={p.onClose}
      onSubmit={() => submit(url)}
      pending={action.isPending}
      error={action.conflict ?? errors.other}
    >
      <TextInput
        label="Postmortem URL"
        description="Required for severities that need a postmortem"
        type="url"
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
        error={errors.byField.postmortem_url}
        data-autofocus
      />
    </ActionModal>
  );
}
