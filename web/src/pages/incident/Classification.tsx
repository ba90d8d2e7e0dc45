import { Alert, Group, Paper, Radio, Text } from '@mantine/core';
import type { IncidentClassification, IncidentView } from '../../types.ts';
import { incidentPath, useIncidentAction } from './data.ts';

/**
 * The responders' verdict on an incident, which alert quality counts (insights): was it worth
 * the page (actionable) or not (noise). Asked next to Resolve, optional, and sent with it; shown
 * and changeable once the incident is resolved or closed.
 */
export const QUESTION = 'Was this actionable or noise?';

const OPTIONS: { value: IncidentClassification; label: string }[] = [
  { value: 'actionable', label: 'Actionable' },
  { value: 'noise', label: 'Noise' },
];

/** The choice before resolving: '' leaves it unsaid. */
export function ResolveClassification({
  value,
  onChange,
  disabled,
}: {
  value: IncidentClassification | '';
  onChange: (v: IncidentClassification | '') => void;
  disabled: boolean;
}) {
  return (
    <Radio.Group
      label={QUESTION}
      description="Optional: sent when you resolve, it counts towards alert quality"
      value={value}
      onChange={onChange}
    >
      <Group gap="md" mt={4}>
        {OPTIONS.map((o) => (
          <Radio key={o.value} value={o.value} label={o.label} disabled={disabled} />
        ))}
        <Radio value="" label="Not sure" disabled={disabled} />
      </Group>
    </Radio.Group>
  );
}

/** A resolved or closed incident's verdict; responders set it or change their mind here. */
export function ClassificationPanel({
  incident: i,
  refKey,
  canAct,
}: {
  incident: IncidentView;
  refKey: string;
  canAct: boolean;
}) {
  const classify = useIncidentAction(refKey, (c: IncidentClassification) => [
    'POST',
    `${incidentPath(refKey)}/classify`,
    { classification: c },
  ]);
  const label = OPTIONS.find((o) => o.value === i.classification)?.label;
  const said =
    label === undefined
      ? 'Not classified yet.'
      : `Classified as ${label.toLowerCase()}${i.classified_by === null ? '' : ` by ${i.classified_by.name}`}.`;
  return (
    <Paper withBorder p="md" component="section" aria-label="Classification">
      {canAct ? (
        <Radio.Group
          label={QUESTION}
          description={said}
          value={i.classification ?? ''}
          onChange={(v) => classify.mutate(v as IncidentClassification)}
        >
          <Group gap="md" mt={4}>
            {OPTIONS.map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} disabled={classify.isPending} />
            ))}
          </Group>
        </Radio.Group>
      ) : (
        <Text>{said}</Text>
      )}
      {(classify.conflict !== null || classify.isError) && (
        <Alert color="red" role="alert" mt="sm" title="Could not save the classification">
          {classify.conflict ?? classify.error?.message}
        </Alert>
      )}
    </Paper>
  );
}
