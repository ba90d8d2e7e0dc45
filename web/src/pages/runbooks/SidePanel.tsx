import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { when } from '../../format.ts';
import type { RunbookView } from '../../types.ts';
import { ConfirmModal } from '../oncall/ConfirmModal.tsx';
import { rbPath, useRunbookWrite } from './data.ts';
import { ReviewDue } from './parts.tsx';

/**
 * Beside the runbook: its review (when it was last reviewed and by whom, when the next is due,
 * and "Mark reviewed" for those who may change it), its latest version, and deleting it.
 */
export function SidePanel({
  rb,
  canEdit,
  onHistory,
}: {
  rb: RunbookView;
  canEdit: boolean;
  onHistory: () => void;
}) {
  const review = useRunbookWrite(rb.id, () => ['POST', `${rbPath(rb.id)}/review`]);
  const [deleting, setDeleting] = useState(false);
  const reviewed = DateTime.fromISO(rb.reviewed_at).toLocaleString(DateTime.DATE_MED);
  return (
    <Stack gap="md">
      <Paper withBorder p="sm" component="section" aria-labelledby="review-title">
        <Stack gap="xs">
          <Title order={2} size="h4" id="review-title">
            Review
          </Title>
          <Text size="sm">
            {rb.reviewed_by === null
              ? `Written ${reviewed}; not reviewed since.`
              : `Last reviewed ${reviewed} by ${rb.reviewed_by.name}.`}
          </Text>
          <ReviewDue rb={rb} />
          <Text size="sm">Reviewed every {rb.review_interval_days} days.</Text>
          {review.isSuccess && (
            <Text size="sm" role="status">
              Marked reviewed.
            </Text>
          )}
          {review.isError && (
            <Alert color="red" role="alert" title="Could not mark it reviewed">
              {review.error.message}
            </Alert>
          )}
          {canEdit && (
            <Button variant="default" onClick={() => review.mutate(undefined)} loading={review.isPending}>
              Mark reviewed
            </Button>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="sm" component="section" aria-labelledby="latest-title">
        <Stack gap="xs">
          <Title order={2} size="h4" id="latest-title">
            Version {rb.version}
          </Title>
          <Text size="sm">
            Saved by {rb.updated_by.name}, {when(rb.updated_at)}.
          </Text>
          <Button variant="default" onClick={onHistory}>
            Version history
          </Button>
        </Stack>
      </Paper>
      {canEdit && (
        <Button variant="default" color="red" onClick={() => setDeleting(true)}>
          Delete runbook…
        </Button>
      )}
      {deleting && <DeleteModal rb={rb} onClose={() => setDeleting(false)} />}
    </Stack>
  );
}

function DeleteModal({ rb, onClose }: { rb: RunbookView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => api<null>('DELETE', rbPath(rb.id)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['runbook', rb.id] });
      void queryClient.invalidateQueries({ queryKey: ['runbooks'] });
      void queryClient.invalidateQueries({ queryKey: ['incident'] });
      void navigate('/runbooks');
    },
  });
  return (
    <ConfirmModal
      title={`Delete “${rb.title}”?`}
      confirm="Delete runbook"
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <Text size="sm">
        Its {rb.version === 1 ? 'one version goes' : `${rb.version} versions go`} with it, and pages stop
        linking to it. The audit log keeps its last text.
      </Text>
    </ConfirmModal>
  );
}
