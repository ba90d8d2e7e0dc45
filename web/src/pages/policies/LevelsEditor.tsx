import { Button, Fieldset, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { errorFor, type FieldError } from '../../form-errors.ts';
import type { PolicyTargetType } from '../../types.ts';
import { type Directory, pagedNow, TARGET_TYPES } from './directory.ts';
import { type LevelFields, moved, newLevel, type TargetFields } from './model.ts';

/**
 * The levels of a policy in escalation order. Moving is by buttons (keyboard and screen reader
 * friendly, unlike dragging); each level says who it would page if it fired now and when, so
 * a gap in a schedule shows before the policy is saved.
 */
export function LevelsEditor({
  levels,
  onChange,
  dir,
  error,
}: {
  levels: LevelFields[];
  onChange: (levels: LevelFields[]) => void;
  dir: Directory;
  error: FieldError | undefined;
}) {
  const set = (i: number, level: LevelFields) => onChange(levels.map((l, j) => (j === i ? level : l)));
  // When each level fires, counted from the incident's start (one pass; repeats start over).
  const startsAt = levels.map((_, i) =>
    levels.slice(0, i).reduce((sum, l) => sum + (Number(l.delay) || 0), 0),
  );
  return (
    <Stack gap="sm">
      {levels.map((level, i) => (
        <Fieldset key={level.key} legend={`Level ${i + 1}`} aria-label={`Level ${i + 1}`}>
          <Stack gap="xs">
            <Text size="sm">
              {i === 0 ? 'Fires at once' : `Fires after ${startsAt[i]} min`}: pages{' '}
              {level.targets.map((t) => pagedNow(dir, t.type, t.id)).join('; ')}
            </Text>
            {level.targets.map((t, k) => (
              <TargetRow
                key={k}
                level={i}
                index={k}
                target={t}
                dir={dir}
                error={errorFor(error, 'levels', i, (s) => s === 'targets')}
                onChange={(next) =>
                  set(i, { ...level, targets: level.targets.map((x, y) => (y === k ? next : x)) })
                }
                onRemove={
                  level.targets.length > 1
                    ? () => set(i, { ...level, targets: level.targets.filter((_, y) => y !== k) })
                    : undefined
                }
              />
            ))}
            <TextInput
              label={`Minutes before the next ${i === levels.length - 1 ? 'round' : 'level'}`}
              inputMode="numeric"
              value={level.delay}
              error={errorFor(error, 'levels', i, (s) => s === 'delay_minutes' || s === undefined)}
              onChange={(e) => set(i, { ...level, delay: e.currentTarget.value })}
              maw={260}
            />
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                onClick={() => set(i, { ...level, targets: [...level.targets, { type: 'user', id: '' }] })}
              >
                Add target
              </Button>
              <Button
                variant="default"
                size="xs"
                disabled={i === 0}
                aria-label={`Move up level ${i + 1}`}
                onClick={() => onChange(moved(levels, i, -1))}
              >
                Move up
              </Button>
              <Button
                variant="default"
                size="xs"
                disabled={i === levels.length - 1}
                aria-label={`Move down level ${i + 1}`}
                onClick={() => onChange(moved(levels, i, 1))}
              >
                Move down
              </Button>
              <Button
                variant="default"
                color="red"
                size="xs"
                disabled={levels.length === 1}
                aria-label={`Remove level ${i + 1}`}
                onClick={() => onChange(levels.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      ))}
      <Group>
        <Button variant="default" onClick={() => onChange([...levels, newLevel()])}>
          Add level
        </Button>
      </Group>
    </Stack>
  );
}

function TargetRow({
  level,
  index,
  target,
  dir,
  error,
  onChange,
  onRemove,
}: {
  level: number;
  index: number;
  target: TargetFields;
  dir: Directory;
  error: string | undefined;
  onChange: (t: TargetFields) => void;
  onRemove: (() => void) | undefined;
}) {
  const name = `level ${level + 1} target ${index + 1}`;
  const kind = target.type === 'team' ? 'Team' : target.type === 'user' ? 'User' : 'Schedule';
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <NativeSelect
        label={`Type of ${name}`}
        value={target.type}
        data={TARGET_TYPES}
        onChange={(e) => onChange({ type: e.currentTarget.value as PolicyTargetType, id: '' })}
      />
      <NativeSelect
        label={`${kind} for ${name}`}
        value={target.id}
        data={[{ value: '', label: `Choose…` }, ...dir.options[target.type]]}
        error={error}
        onChange={(e) => onChange({ ...target, id: e.currentTarget.value })}
        miw={200}
      />
      {onRemove !== undefined && (
        <Button variant="subtle" color="red" size="xs" onClick={onRemove} aria-label={`Remove ${name}`}>
          Remove
        </Button>
      )}
    </Group>
  );
}
