import { ActionIcon, Box, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { type DragEvent, useState } from 'react';
import type { TeamMemberView } from '../../types.ts';

/**
 * A layer's participants in rotation order, numbered. A name is dragged to its new place (native
 * HTML drag and drop: no package); the up/down buttons do the same by keyboard and screen reader.
 */
export function Participants({
  listId,
  participants,
  names,
  members,
  error,
  onChange,
}: {
  listId: string;
  participants: string[];
  names: Map<string, string>;
  members: TeamMemberView[];
  error: string | undefined;
  onChange: (participants: string[]) => void;
}) {
  const [choice, setChoice] = useState('');
  // Deactivated people are never paged: they are not offered, and marked where they still rotate.
  const choices = members.filter((m) => !m.deactivated);
  const gone = new Set(members.filter((m) => m.deactivated).map((m) => m.user_id));
  // The team loads after the form: until a person is picked, the first member is the one shown.
  const adding = choice || (choices[0]?.user_id ?? '');
  const [dragged, setDragged] = useState<number | undefined>();
  const [target, setTarget] = useState<number | undefined>();
  const move = (from: number, to: number) => {
    if (from === to) return;
    const list = [...participants];
    const [who] = list.splice(from, 1);
    list.splice(to, 0, who!);
    onChange(list);
  };
  const drop = (e: DragEvent, to: number) => {
    e.preventDefault();
    const from = dragged ?? Number(e.dataTransfer.getData('text/plain'));
    if (Number.isInteger(from)) move(from, to);
    setDragged(undefined);
    setTarget(undefined);
  };

  return (
    <Stack gap={4}>
      <Text fw={600} size="sm" id={listId}>
        Participants, in rotation order
      </Text>
      {participants.length > 1 && (
        <Text size="xs" c="gray.7">
          Drag a name to its place, or move it with the arrow buttons.
        </Text>
      )}
      {error !== undefined && (
        <Text c="red.8" size="sm" role="alert">
          {error}
        </Text>
      )}
      {participants.length === 0 && <Text size="sm">Nobody yet: this layer has gaps.</Text>}
      <Stack gap={4} component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={listId}>
        {participants.map((id, i) => {
          const who = names.get(id) ?? id;
          return (
            <Group
              component="li"
              key={`${id}-${i}`}
              gap="xs"
              wrap="nowrap"
              draggable
              data-drop-target={target === i && dragged !== i ? true : undefined}
              onDragStart={(e: DragEvent) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', String(i));
                setDragged(i);
              }}
              onDragOver={(e: DragEvent) => {
                e.preventDefault();
                setTarget(i);
              }}
              onDrop={(e: DragEvent) => drop(e, i)}
              onDragEnd={() => {
                setDragged(undefined);
                setTarget(undefined);
              }}
              px={4}
              style={{
                cursor: 'grab',
                borderRadius: 4,
                opacity: dragged === i ? 0.5 : 1,
                outline: target === i && dragged !== i ? '2px dashed var(--mantine-color-blue-7)' : undefined,
              }}
            >
              <Box aria-hidden c="gray.7" fz="sm">
                ⠿
              </Box>
              <Text size="sm" style={{ flex: 1 }}>
                {i + 1}. {who}
                {gone.has(id) && ' (deactivated: never paged)'}
              </Text>
              <ActionIcon
                variant="default"
                aria-label={`Move ${who} up`}
                disabled={i === 0}
                onClick={() => move(i, i - 1)}
              >
                ↑
              </ActionIcon>
              <ActionIcon
                variant="default"
                aria-label={`Move ${who} down`}
                disabled={i === participants.length - 1}
                onClick={() => move(i, i + 1)}
              >
                ↓
              </ActionIcon>
              <ActionIcon
                variant="default"
                aria-label={`Remove ${who}`}
                onClick={() => onChange(participants.filter((_, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          );
        })}
      </Stack>
      <Group gap="xs" align="end" wrap="nowrap">
        <NativeSelect
          label="Person to add"
          value={adding}
          onChange={(e) => setChoice(e.currentTarget.value)}
          data={choices.map((m) => ({ value: m.user_id, label: m.name }))}
          style={{ flex: 1 }}
        />
        <Button
          variant="default"
          disabled={adding === ''}
          onClick={() => onChange([...participants, adding])}
        >
          Add to rotation
        </Button>
      </Group>
    </Stack>
  );
}
