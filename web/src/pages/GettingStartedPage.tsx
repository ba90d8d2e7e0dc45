import { Alert, Anchor, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../components/QueryState.tsx';
import type { GettingStartedStepKey, GettingStartedView } from '../types.ts';
import { gettingStartedQuery, isHidden, setHidden } from './getting-started/progress.ts';
import { AdminOnly } from './settings/AdminOnly.tsx';

type Step = GettingStartedView['steps'][number];

interface StepCopy {
  title: string;
  why: string;
  /** Where to do the step (`todo`) or see what did it (`done`); `ids` are every step's ids. */
  link(step: Step, ids: Record<GettingStartedStepKey, string | null>): { to: string; label: string };
}

const at = (path: string, id: string | null, fallback: string) =>
  id === null ? fallback : `${path}/${encodeURIComponent(id)}`;

/** Done: open what did it, under `path`; to do: where it is done. */
const openOr =
  (path: string, open: string, todo: { to: string; label: string }) =>
  (s: Step): { to: string; label: string } =>
    s.done ? { to: at(path, s.id, path), label: open } : todo;

/** What each step asks for, in the order the API lists them (each needs the ones before it). */
const STEPS: Record<GettingStartedStepKey, StepCopy> = {
  team: {
    title: 'Create a team',
    why: 'Teams own services, schedules and escalation policies.',
    link: (s) => ({ to: '/teams', label: s.done ? 'Open teams' : 'Create a team' }),
  },
  person: {
    title: 'Give someone a contact method',
    why: 'Add a person (or use yourself) and how Tocsin reaches them: a webhook, Slack, email, SMS… Put them on the team so a schedule can rotate them.',
    link: openOr('/users', 'Open their page', { to: '/users', label: 'Open people' }),
  },
  schedule: {
    title: 'Create an on-call schedule',
    why: 'Who is on call when: a rotation of the team’s members. Start it today or earlier so someone is on call now (the preview shows any gap).',
    link: openOr('/schedules', 'Open the schedule', { to: '/schedules/new', label: 'Create a schedule' }),
  },
  escalation_policy: {
    title: 'Create an escalation policy',
    why: 'Whom to page first (the schedule, or people) and whom next if nobody acknowledges.',
    link: openOr('/escalation-policies', 'Open the policy', {
      to: '/escalation-policies/new',
      label: 'Create a policy',
    }),
  },
  service: {
    title: 'Create a service that uses the policy',
    why: 'Alerts arrive on a service; its escalation policy says who is paged for them.',
    link: (s) => ({
      to: at('/services', s.id, '/services'),
      label: s.done ? 'Open the service' : s.id === null ? 'Create a service' : 'Set its policy',
    }),
  },
  integration: {
    title: 'Add an integration to the service',
    why: 'Its key lets Prometheus, Grafana, cron jobs or any PagerDuty Events API sender open alerts; the service page shows what to paste, once.',
    link: (s, ids) => ({
      to: at('/services', s.id ?? ids.service, '/services'),
      label: s.done ? 'Open the service' : 'Add an integration',
    }),
  },
  test_alert: {
    title: 'Send a test alert and acknowledge it',
    why: 'Run the curl snippet shown with the new key (or press “Send a test alert” there): whoever is on call is paged. Then acknowledge the incident it opened.',
    link: (s, ids) =>
      s.id !== null
        ? {
            to: `/incidents/${encodeURIComponent(s.id)}`,
            label: s.done ? 'Open the incident' : 'Acknowledge it',
          }
        : { to: at('/services', ids.integration, '/services'), label: 'Open the service' },
  },
};

/**
 * The set-up checklist for admins: from a fresh install to an alert that paged someone who
 * acknowledged it, each step ticked from what exists (GET /api/v1/getting-started) and linking
 * to the page that does it. It follows the state live (live.tsx refreshes its query).
 */
export function GettingStartedPage() {
  return (
    <AdminOnly>
      <Checklist />
    </AdminOnly>
  );
}

function Checklist() {
  const progress = useQuery(gettingStartedQuery);
  const [hidden, hide] = useState(isHidden);
  const toggle = () => {
    setHidden(!hidden);
    hide(!hidden);
  };
  const view = progress.data;
  return (
    <Stack maw={760}>
      <Title order={1}>Getting started</Title>
      <Text>From a fresh Tocsin to a real alert paging a real person, in the browser.</Text>
      <QueryState query={progress} what="the checklist" />
      {view !== undefined && <Steps view={view} />}
      <Group>
        <Button variant="default" onClick={toggle}>
          {hidden ? 'Land here again when I open Tocsin' : 'Don’t land here when I open Tocsin'}
        </Button>
      </Group>
      <Text size="sm" c="gray.7">
        Until alerts can arrive (an integration exists), admins land here when they open Tocsin. It stays in
        the navigation either way.
      </Text>
    </Stack>
  );
}

function Steps({ view }: { view: GettingStartedView }) {
  const ids = Object.fromEntries(view.steps.map((s) => [s.key, s.id])) as Record<
    GettingStartedStepKey,
    string | null
  >;
  const next = view.steps.find((s) => !s.done)?.key;
  return (
    <Stack gap="sm">
      <Text fw={600} role="status">
        {view.done} of {view.total} steps done
      </Text>
      <Progress
        value={Math.round((view.done / view.total) * 100)}
        aria-label="Set-up progress"
        color="green.8"
      />
      {next === undefined && (
        <Alert color="green" title="Tocsin is set up">
          An alert reached someone on call and was acknowledged. Follow your incidents on{' '}
          <Anchor component={Link} to="/now">
            Now
          </Anchor>
          .
        </Alert>
      )}
      <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Set-up steps">
        {view.steps.map((s, i) => {
          const copy = STEPS[s.key];
          const link = copy.link(s, ids);
          return (
            <Paper
              key={s.key}
              component="li"
              withBorder
              p="sm"
              aria-label={`${copy.title}: ${s.done ? 'done' : 'to do'}`}
              bd={s.key === next ? '2px solid var(--mantine-color-indigo-6)' : undefined}
            >
              <Stack gap={4}>
                <Group gap="xs" wrap="nowrap" align="center">
                  <Badge
                    color={s.done ? 'green.8' : 'gray.7'}
                    variant={s.done ? 'filled' : 'outline'}
                    autoContrast
                    miw={64}
                  >
                    {s.done ? 'Done' : 'To do'}
                  </Badge>
                  <Title order={2} size="h4">
                    {i + 1}. {copy.title}
                  </Title>
                </Group>
                <Text size="sm">{copy.why}</Text>
                <Group>
                  <Button
                    component={Link}
                    to={link.to}
                    size="xs"
                    variant={s.key === next ? 'filled' : 'default'}
                    aria-label={`${link.label} (step ${i + 1})`}
                  >
                    {link.label}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          );
        })}
      </Stack>
    </Stack>
  );
}
