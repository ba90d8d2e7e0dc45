import { Alert, Checkbox, Paper, Stack, Text, Title } from '@mantine/core';
import type { TaskView } from '../../types.ts';
import { incidentPath, useIncidentAction, useTasks } from './data.ts';

/** The incident's checklist; responders tick tasks off, viewers read it. */
export function Tasks({ refKey, canAct }: { refKey: string; canAct: boolean }) {
  const tasks = useTasks(refKey);
  const tick = useIncidentAction(refKey, (t: TaskView) => [
    'PATCH',
    `${incidentPath(refKey)}/tasks/${encodeURIComponent(t.id)}`,
    { done: !t.done },
  ]);
  const list = tasks.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="tasks-title">
      <Title order={2} size="h4" id="tasks-title" mb="xs">
        Tasks ({list.filter((t) => t.done).length}/{list.length} done)
      </Title>
      <Stack gap="xs">
        {list.map((t) => (
          <div key={t.id}>
            <Checkbox
              label={t.title}
              checked={t.done}
              disabled={!canAct || (tick.isPending && tick.variables?.id === t.id)}
              onChange={() => tick.mutate(t)}
            />
            {t.done && t.done_by !== null && (
              <Text size="xs" c="gray.7" ml={32}>
                done by {t.done_by.name}
              </Text>
            )}
          </div>
        ))}
      </Stack>
      {tick.isError && (
        <Alert color="red" role="alert" mt="xs">
          {tick.conflict ?? tick.error.message}
        </Alert>
      )}
    </Paper>
  );
}
