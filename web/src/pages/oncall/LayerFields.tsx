import { Button, Fieldset, Group, NativeSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { errorFor, type FieldError } from '../../form-errors.ts';
import type { RestrictionInput, ShiftUnit, TeamMemberView } from '../../types.ts';
import { type LayerDraft, WEEKDAY_NAMES } from './draft.ts';
import { Participants } from './Participants.tsx';

const ROTATIONS = [
  { value: 'daily', label: 'Daily (1 day)' },
  { value: 'weekly', label: 'Weekly (1 week)' },
  { value: 'custom', label: 'Custom length' },
];
const UNITS: ShiftUnit[] = ['hours', 'days', 'weeks'];
const DAYS = Object.entries(WEEKDAY_NAMES).map(([value, label]) => ({ value, label }));

function rotationOf(d: LayerDraft): string {
  if (d.shift_length === 1 && d.shift_unit === 'days') return 'daily';
  if (d.shift_length === 1 && d.shift_unit === 'weeks') return 'weekly';
  return 'custom';
}

/**
 * One layer's settings: rotation, participants in order (Participants.tsx), handoff and
 * restrictions. A 400 for
 * this layer (`layers.<index>.<field>`) shows at the control it names.
 */
export function LayerFields({
  index,
  draft,
  members,
  names,
  err,
  onChange,
  onRemove,
}: {
  index: number;
  draft: LayerDraft;
  members: TeamMemberView[];
  names: Map<string, string>;
  err: FieldError | undefined;
  onChange: (d: LayerDraft) => void;
  onRemove: () => void;
}) {
  const at = (sub: string) => errorFor(err, 'layers', index, (s) => s === sub);
  const set = (patch: Partial<LayerDraft>) => onChange({ ...draft, ...patch });
  const rotation = rotationOf(draft);
  const setRestriction = (i: number, r: RestrictionInput) =>
    set({ restrictions: draft.restrictions.map((x, j) => (j === i ? r : x)) });

  return (
    <Fieldset legend={draft.name || `Layer ${index + 1}`}>
      <Stack gap="sm">
        <Group grow wrap="wrap" align="start">
          <TextInput
            label="Layer name"
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={at('name')}
            miw={160}
          />
          <NativeSelect
            label="Rotation type"
            value={rotation}
            data={ROTATIONS}
            miw={160}
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (v === 'daily') set({ shift_length: 1, shift_unit: 'days' });
              else if (v === 'weekly') set({ shift_length: 1, shift_unit: 'weeks' });
              else set({ shift_length: 12, shift_unit: 'hours' });
            }}
          />
        </Group>
        {rotation === 'custom' && (
          <Group grow wrap="wrap" align="start">
            <NumberInput
              label="Shift length"
              min={1}
              max={1000}
              value={draft.shift_length}
              onChange={(v) => set({ shift_length: typeof v === 'number' ? v : Number(v) || 0 })}
              error={at('shift_length')}
              miw={120}
            />
            <NativeSelect
              label="Unit"
              value={draft.shift_unit}
              data={UNITS}
              onChange={(e) => set({ shift_unit: e.currentTarget.value as ShiftUnit })}
              miw={120}
            />
          </Group>
        )}
        <Group grow wrap="wrap" align="start">
          <TextInput
            type="date"
            label="First handoff date"
            value={draft.start_date}
            onChange={(e) => set({ start_date: e.currentTarget.value })}
            error={at('start_date')}
            miw={160}
          />
          <TextInput
            type="time"
            label="Handoff time"
            value={draft.handoff_time}
            onChange={(e) => set({ handoff_time: e.currentTarget.value })}
            error={at('handoff_time')}
            description={`in ${draft.time_zone}`}
            miw={120}
          />
        </Group>

        <Participants
          listId={`participants-${draft.key}`}
          participants={draft.participants}
          names={names}
          members={members}
          error={at('participants')}
          onChange={(participants) => set({ participants })}
        />

        <Stack gap={4}>
          <Text fw={600} size="sm">
            Restrictions {draft.restrictions.length === 0 && '(none: on call around the clock)'}
          </Text>
          {draft.restrictions.map((r, i) => (
            <Group key={i} gap="xs" align="start" wrap="wrap">
              <NativeSelect
                label={`Restriction ${i + 1}`}
                value={r.type}
                data={[
                  { value: 'daily', label: 'Every day' },
                  { value: 'weekly', label: 'Weekly span' },
                ]}
                onChange={(e) =>
                  setRestriction(
                    i,
                    e.currentTarget.value === 'weekly'
                      ? { type: 'weekly', start_day: 'mon', start: r.start, end_day: 'fri', end: r.end }
                      : { type: 'daily', start: r.start, end: r.end },
                  )
                }
                error={errorFor(err, 'layers', index, (s) => s === 'restrictions')}
              />
              {r.type === 'weekly' && (
                <NativeSelect
                  label="From day"
                  value={r.start_day}
                  data={DAYS}
                  onChange={(e) =>
                    setRestriction(i, {
                      ...r,
                      start_day: e.currentTarget.value as keyof typeof WEEKDAY_NAMES,
                    })
                  }
                />
              )}
              <TextInput
                type="time"
                label="From"
                value={r.start}
                onChange={(e) => setRestriction(i, { ...r, start: e.currentTarget.value })}
              />
              {r.type === 'weekly' && (
                <NativeSelect
                  label="To day"
                  value={r.end_day}
                  data={DAYS}
                  onChange={(e) =>
                    setRestriction(i, { ...r, end_day: e.currentTarget.value as keyof typeof WEEKDAY_NAMES })
                  }
                />
              )}
              <TextInput
                type="time"
                label="To"
                value={r.end}
                onChange={(e) => setRestriction(i, { ...r, end: e.currentTarget.value })}
              />
              <Button
                variant="default"
                mt={24}
                aria-label={`Remove restriction ${i + 1}`}
                onClick={() => set({ restrictions: draft.restrictions.filter((_, j) => j !== i) })}
              >
                Remove
              </Button>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() =>
                set({
                  restrictions: [...draft.restrictions, { type: 'daily', start: '09:00', end: '17:00' }],
                })
              }
            >
              Add restriction
            </Button>
            <Button variant="default" size="xs" ml="auto" onClick={onRemove}>
              Delete layer
            </Button>
          </Group>
        </Stack>
      </Stack>
    </Fieldset>
  );
}
