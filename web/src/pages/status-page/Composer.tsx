import { Alert, Button, Paper, Stack, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { Problem } from '../profile/parts.tsx';
import { useSpMutation } from './data.ts';
import type { PublicStatus } from './model.ts';
import { draftBody, newDraft, UpdateFields, withStatus, type UpdateDraft } from './UpdateFields.tsx';
import type { PublicIncidentView } from './views.ts';

const FIELDS = ['status', 'body', 'components', 'deliver_notifications'] as const;

/** A new draft for this incident: its components as they are now, the status asked for or its own. */
function startDraft(item: PublicIncidentView, status: PublicStatus | undefined): UpdateDraft {
  const d = newDraft(item.status, Object.fromEntries(item.components.map((c) => [c.id, c.status])));
  return status === undefined ? d : withStatus(d, status);
}

/**
 * The update composer of a public incident or maintenance (POST /incidents/:id/updates). What
 * is typed stays when the API refuses it; once posted the form starts over for the next update.
 */
export function Composer({
  item,
  initialStatus,
}: {
  item: PublicIncidentView;
  initialStatus?: PublicStatus;
}) {
  const [draft, setDraft] = useState(() => startDraft(item, initialStatus));
  const post = useSpMutation((d: UpdateDraft) => [
    'POST',
    `/incidents/${encodeURIComponent(item.id)}/updates`,
    draftBody(d),
  ]);
  const { byField, other } = fieldErrors(post.error, FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    post.mutate(draft, {
      onSuccess: () => setDraft(startDraft({ ...item, status: draft.status }, undefined)),
    });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="sp-compose" noValidate>
      <Stack gap="sm">
        <Title order={2} size="h3" id="sp-compose">
          Post a public update
        </Title>
        <UpdateFields
          kind={item.kind}
          value={draft}
          onChange={setDraft}
          errors={byField}
          renderFrom={{ status_incident_id: item.id }}
        />
        <Problem title="Could not post the update" error={other} />
        {post.isSuccess && (
          <Alert color="green" role="status" title="Update posted">
            It is on the public page now.
          </Alert>
        )}
        <Button type="submit" loading={post.isPending} style={{ alignSelf: 'flex-start' }}>
          Post update
        </Button>
      </Stack>
    </Paper>
  );
}
