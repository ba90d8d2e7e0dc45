import { Text } from '@mantine/core';
import type { PreviewShiftsView } from '../../types.ts';
import { ConfirmModal } from './ConfirmModal.tsx';
import { PREVIEW_WEEKS } from './EditorPreview.tsx';

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
export function listed(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/**
 * What deleting a layer takes away, from the preview on screen: the shifts it gives in the
 * weeks shown and whose they are. A lower layer may fill some of that time; the preview shows
 * it once the layer is gone.
 */
export function layerLoss(
  preview: PreviewShiftsView | undefined,
  source: string,
  names: Map<string, string>,
): string {
  const shifts = (preview?.data ?? []).filter((s) => s.source === 'layer' && s.source_id === source);
  if (shifts.length === 0) return `It has no shifts in the next ${PREVIEW_WEEKS} weeks.`;
  const people = [...new Set(shifts.map((s) => s.user_name ?? names.get(s.user_id) ?? s.user_id))].sort(
    (a, b) => a.localeCompare(b),
  );
  const count = `${shifts.length} ${shifts.length === 1 ? 'shift' : 'shifts'}`;
  return `${listed(people)} ${people.length === 1 ? 'loses' : 'lose'} ${count} in the next ${PREVIEW_WEEKS} weeks.`;
}

/**
 * Confirms taking a layer out of the editor. Nothing is deleted until the schedule is saved;
 * then the layer goes with its history, so its past shifts leave the calendar too.
 */
export function LayerDelete({
  name,
  saved,
  loss,
  onConfirm,
  onClose,
}: {
  name: string;
  saved: boolean;
  loss: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <ConfirmModal
      title={`Delete the layer ${name}?`}
      confirm="Delete layer"
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <Text size="sm">{loss}</Text>
      <Text size="sm">
        {saved
          ? 'Nothing is deleted until you save the schedule; then the layer goes with its history, so its past shifts leave the calendar too.'
          : 'This layer is not saved yet.'}
      </Text>
    </ConfirmModal>
  );
}
