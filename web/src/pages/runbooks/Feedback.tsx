import { Button, Group, Text } from '@mantine/core';
import { shortWhen } from '../../format.ts';
import type { IncidentRunbooksView } from '../../types.ts';
import { Problem } from '../profile/parts.tsx';
import { useFeedback } from './steps-data.ts';

type Given = IncidentRunbooksView['data'][number]['feedback'];

/**
 * "Did this runbook help? Yes / No" for one runbook on the incident
 * (PUT /api/v1/incidents/:ref/runbooks/:id/feedback), with the answer given so far: the pressed
 * button and who said so, in words. Insights count it as the runbook's efficacy; the latest
 * answer counts, so a responder may change it. Viewers see the answer only.
 */
export function Feedback({
  refKey,
  runbookId,
  title,
  given,
  canAct,
}: {
  refKey: string;
  runbookId: string;
  title: string;
  given: Given;
  canAct: boolean;
}) {
  const feedback = useFeedback(refKey);
  const answer =
    given === null
      ? 'No answer yet.'
      : `${given.given_by.name} said it ${given.helped ? 'helped' : 'did not help'}, ${shortWhen(given.given_at)}.`;
  const choice = (helped: boolean) => (
    <Button
      size="compact-xs"
      variant={given?.helped === helped ? 'filled' : 'default'}
      aria-pressed={given?.helped === helped}
      loading={feedback.isPending && feedback.variables.helped === helped}
      onClick={() => feedback.mutate({ runbookId, helped })}
    >
      {helped ? 'Yes' : 'No'}
    </Button>
  );
  return (
    <>
      <Group gap="xs" wrap="wrap" role="group" aria-label={`Did “${title}” help?`}>
        <Text size="xs">Did this runbook help?</Text>
        {canAct && (
          <>
            {choice(true)}
            {choice(false)}
          </>
        )}
        <Text size="xs" c="gray.7">
          {answer}
        </Text>
      </Group>
      <Problem title="Could not save the answer" error={feedback.error} />
    </>
  );
}
