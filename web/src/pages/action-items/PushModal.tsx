import { NativeSelect, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import type { ActionItemView, TicketTrackerView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { bindText } from '../status-page/bind.tsx';
import { usePush } from './data.ts';

const KIND: Record<TicketTrackerView['kind'], string> = { github: 'GitHub', jira: 'Jira' };

/**
 * Pushes an action item to the tracker picked here, creating its GitHub issue or Jira ticket. The
 * dialog stays open on a failure, saying what the tracker answered (a 502), so the responder can
 * pick another tracker or tell an admin; it closes once the card has the ticket.
 */
export function PushModal({
  item,
  trackers,
  onClose,
}: {
  item: ActionItemView;
  trackers: TicketTrackerView[];
  onClose: () => void;
}) {
  const [trackerId, setTrackerId] = useState(trackers[0]?.id ?? '');
  const push = usePush();
  const { byField, other } = fieldErrors(push.error, ['tracker_id'] as const);
  const failure =
    push.error instanceof ApiError && push.error.code === 'tracker_error'
      ? `The tracker refused the ticket: ${push.error.message}`
      : other;
  return (
    <ActionModal
      opened
      title={`Push “${item.title}” to a tracker`}
      submitLabel="Push"
      onClose={onClose}
      onSubmit={() => push.mutate({ id: item.id, tracker_id: trackerId }, { onSuccess: onClose })}
      pending={push.isPending}
      error={failure}
    >
      <Text size="sm">
        Creates an issue or ticket from its title and description. When that closes, this item is marked done.
      </Text>
      <NativeSelect
        label="Tracker"
        data={trackers.map((t) => ({ value: t.id, label: `${t.name} (${KIND[t.kind]}: ${t.project})` }))}
        {...bindText(trackerId, setTrackerId)}
        error={byField.tracker_id}
        data-autofocus
      />
    </ActionModal>
  );
}
