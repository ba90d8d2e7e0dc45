import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useMe } from '../../session.tsx';
import { useServices } from '../AlertsPage.tsx';
import { PeriodTabs } from './PeriodTabs.tsx';

/** What a card in the list needs besides its item. */
export interface CardContext {
  serviceName: (id: string) => string;
  /** Admin: the only role the API lets change silences and windows; others see no buttons. */
  canChange: boolean;
}

/**
 * The frame of the silences and maintenance-window pages: a title and intro, for admins a
 * "new" button opening the form in place, and the active/upcoming/ended lists.
 */
export function SuppressionPage<T extends { id: string }>({
  title,
  intro,
  newLabel,
  form,
  path,
  render,
}: {
  title: string;
  intro: ReactNode;
  newLabel: string;
  form: (onClose: () => void) => ReactNode;
  path: '/silences' | '/maintenance-windows';
  render: (item: T, context: CardContext) => ReactNode;
}) {
  const me = useMe();
  const canChange = me.data?.user.role === 'admin';
  const [creating, setCreating] = useState(false);
  const services = useServices();
  const names = new Map(services.data?.data.map((s) => [s.id, s.name]));
  const context: CardContext = { serviceName: (id) => names.get(id) ?? id, canChange };

  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Text size="sm">{intro}</Text>
      {canChange &&
        (creating ? (
          form(() => setCreating(false))
        ) : (
          <Group>
            <Button onClick={() => setCreating(true)}>{newLabel}</Button>
          </Group>
        ))}
      <PeriodTabs<T> path={path} what={title.toLowerCase()} render={(item) => render(item, context)} />
    </Stack>
  );
}
