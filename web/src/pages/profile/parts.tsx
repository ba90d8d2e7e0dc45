import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

/** What went wrong, by the thing that failed; nothing when nothing did. */
export function Problem({ title, error }: { title: string; error: Error | string | null | undefined }) {
  if (error === null || error === undefined) return null;
  return (
    <Alert color="red" role="alert" title={title}>
      {typeof error === 'string' ? error : error.message}
    </Alert>
  );
}

/**
 * A bordered form that creates something: its heading, the API's message that names no field
 * (field messages sit by their fields, in `children`), the fields, and the submit button.
 */
export function FormCard({
  label,
  title,
  problemTitle,
  problem,
  submitLabel,
  pending,
  onSubmit,
  children,
}: {
  label: string;
  title: string;
  problemTitle: string;
  problem: string | undefined;
  submitLabel: string;
  pending: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} aria-label={label}>
        <Stack gap="xs">
          <Title order={3} size="h4">
            {title}
          </Title>
          <Problem title={problemTitle} error={problem} />
          {children}
          <Group>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** One part of the profile: a labelled section with its heading and an optional line about it. */
export function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: string;
  children: ReactNode;
}) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {intro !== undefined && (
        <Text size="sm" c="gray.7">
          {intro}
        </Text>
      )}
      {children}
    </Stack>
  );
}

/** A labelled table that scrolls sideways on a phone rather than squeezing its columns. */
export function ListTable({
  label,
  headers,
  children,
}: {
  label: string;
  headers: ReactNode[];
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {headers.map((h, i) => (
              <Table.Th key={i}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
