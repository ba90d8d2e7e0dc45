import { NativeSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import type { IncidentView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { bindText } from './bind.tsx';
import { SP_NONE, useComponents, useSpMutation } from './data.ts';
import { IMPACT_LABEL, IMPACTS, oneOf, statusOptions, type Impact } from './model.ts';
import { draftBody, newDraft, UpdateFields, type UpdateDraft } from './UpdateFields.tsx';
import type { PublicIncidentView, StatusComponentView } from './views.ts';

const FIELDS = [
  'name',
  'impact',
  'incident_id',
  'status',
  'body',
  'components',
  'deliver_notifications',
] as const;

/** The components of the incident's services, each preselected as a partial outage to start from. */
const preselected = (components: StatusComponentView[], incident: IncidentView | undefined) =>
  Object.fromEntries(
    components
      .filter((c) => c.service_id !== null && (incident?.service_ids.includes(c.service_id) ?? false))
      .map((c) => [c.id, 'partial_outage' as const]),
  );

/** Impact options: left to the API, it follows from the worst component status given. */
const IMPACT_OPTIONS = [
  { value: SP_NONE, label: 'From the component statuses' },
  ...statusOptions(IMPACTS, IMPACT_LABEL),
];

/**
 * A new public incident (POST /api/v1/status-page/incidents) with its first update. Opened from
 * an internal incident (`incident`), it is linked to it (`incident_id`), its components start as
 * those linked to the incident's services, and templates fill in from it; its name is still typed
 * by hand, because the internal title is not for the public. Standalone otherwise.
 */
export function PublishModal({
  incident,
  onClose,
  onCreated,
}: {
  incident?: IncidentView;
  onClose: () => void;
  onCreated: (created: PublicIncidentView) => void;
}) {
  const components = useComponents();
  const [name, setName] = useState('');
  const [impact, setImpact] = useState<Impact | null>(null);
  const [draft, setDraft] = useState<UpdateDraft | null>(null);
  // The preselection waits for the components to load; after that the person's choices stand.
  const value = draft ?? newDraft('investigating', preselected(components.data?.data ?? [], incident));
  const create = useSpMutation<void, PublicIncidentView>(() => [
    'POST',
    '/incidents',
    {
      name,
      ...(impact === null ? {} : { impact }),
      ...(incident === undefined ? {} : { incident_id: incident.id }),
      ...draftBody(value),
    },
  ]);
  const { byField, other } = fieldErrors(create.error, FIELDS);
  return (
    <ActionModal
      opened
      size="lg"
      title={incident === undefined ? 'New public incident' : 'Publish to the status page'}
      submitLabel="Publish"
      onClose={onClose}
      onSubmit={() => create.mutate(undefined, { onSuccess: onCreated })}
      pending={create.isPending}
      error={byField.incident_id ?? other}
    >
      <TextInput
        label="Public name"
        description={incident === undefined ? undefined : 'Not the internal title: the public reads this'}
        withAsterisk
        {...bindText(name, setName)}
        error={byField.name}
        data-autofocus
      />
      <NativeSelect
        label="Impact"
        data={IMPACT_OPTIONS}
        value={impact ?? SP_NONE}
        onChange={(e) =>
          setImpact(e.currentTarget.value === SP_NONE ? null : oneOf(IMPACTS, e.currentTarget.value, 'major'))
        }
        error={byField.impact}
      />
      <UpdateFields
        kind="incident"
        value={value}
        onChange={setDraft}
        errors={byField}
        renderFrom={incident === undefined ? {} : { incident_id: incident.id }}
        onTitle={(t) => setName((n) => (n === '' ? t : n))}
      />
    </ActionModal>
  );
}
