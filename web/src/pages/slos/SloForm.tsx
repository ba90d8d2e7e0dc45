import {
  Checkbox,
  Code,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { AlertRules } from './AlertRules.tsx';
import type { SaveErrors, SloDraft } from './draft.ts';
import { WINDOW_DAYS } from './model.ts';

const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

/**
 * The SLO's fields, for a new SLO and an existing one: what it is about, its objective and
 * window, where its counts come from (pushed to Tocsin, or Prometheus queries), its burn-rate
 * alerts. The API's 400 shows at the control it names, an alert's at its row; the page around
 * it holds the save button. `services` is null on an existing SLO, whose service is fixed.
 */
export function SloForm({
  draft,
  onChange,
  errors,
  services,
  serviceName,
}: {
  draft: SloDraft;
  onChange: (d: SloDraft) => void;
  errors: SaveErrors;
  services: { value: string; label: string }[] | null;
  serviceName?: string;
}) {
  const set = (change: Partial<SloDraft>) => onChange({ ...draft, ...change });
  const e = errors.byField;
  return (
    <Stack gap="md">
      <Section title="Objective" id="slo-objective">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {services === null ? (
            <TextInput
              label="Service"
              value={serviceName ?? draft.service_id}
              readOnly
              description="Fixed once created"
            />
          ) : (
            <NativeSelect
              label="Service"
              withAsterisk
              value={draft.service_id}
              onChange={(ev) => set({ service_id: ev.currentTarget.value })}
              data={[{ value: '', label: 'Choose a service' }, ...services]}
              error={e.service_id}
            />
          )}
          <TextInput
            label="Name"
            description="Unique within the service, e.g. Availability or Checkout latency"
            withAsterisk
            value={draft.name}
            onChange={(ev) => set({ name: ev.currentTarget.value })}
            error={e.name}
          />
          <NumberInput
            label="Objective (%)"
            description="The share of events that must be good, e.g. 99.9"
            withAsterisk
            min={0}
            max={100}
            decimalScale={6}
            value={draft.objective}
            onChange={(v) => set({ objective: v })}
            error={e.objective}
          />
          <NativeSelect
            label="Window"
            description="The rolling period the objective and its error budget cover"
            value={String(draft.window_days)}
            onChange={(ev) => set({ window_days: Number(ev.currentTarget.value) })}
            data={WINDOW_DAYS.map((d) => ({ value: String(d), label: `${d} days` }))}
            error={e.window_days}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          description="Optional: what a good event is, for whoever reads the SLO"
          autosize
          minRows={2}
          value={draft.description}
          onChange={(ev) => set({ description: ev.currentTarget.value })}
          error={e.description}
        />
      </Section>

      <Section title="Indicator (SLI)" id="slo-sli">
        <Radio.Group
          label="Where the counts come from"
          value={draft.kind}
          onChange={(v) => set({ kind: v === 'prometheus' ? 'prometheus' : 'events' })}
          error={e.kind}
        >
          <Stack gap={6} mt={4}>
            <Radio value="events" label="Pushed to Tocsin: your service sends good and total counts" />
            <Radio value="prometheus" label="Prometheus: Tocsin queries it every minute" />
          </Stack>
        </Radio.Group>
        {draft.kind === 'events' ? (
          <Text size="sm">
            Once saved, the SLO&apos;s page shows the request that sends counts (good and total events, for
            the last minute or a given time).
          </Text>
        ) : (
          <Stack gap="sm">
            <TextInput
              label="Prometheus URL"
              withAsterisk
              placeholder="http://prometheus:9090"
              value={draft.prometheus_url}
              onChange={(ev) => set({ prometheus_url: ev.currentTarget.value })}
              error={e.prometheus_url}
            />
            <Text size="sm">
              Each query returns the number of events in the minute ending at its evaluation time, e.g.{' '}
              <Code>sum(increase(http_requests_total[1m]))</Code>.
            </Text>
            <Radio.Group
              label="The first query counts"
              value={draft.counts}
              onChange={(v) => set({ counts: v === 'error' ? 'error' : 'good' })}
            >
              <Stack gap={6} mt={4}>
                <Radio value="good" label="Good events" />
                <Radio value="error" label="Errors (bad events)" />
              </Stack>
            </Radio.Group>
            <Textarea
              label={draft.counts === 'good' ? 'Good events query' : 'Errors query'}
              withAsterisk
              autosize
              minRows={2}
              placeholder={
                draft.counts === 'good'
                  ? 'sum(increase(http_requests_total{code!~"5.."}[1m]))'
                  : 'sum(increase(http_requests_total{code=~"5.."}[1m]))'
              }
              value={draft.query}
              onChange={(ev) => set({ query: ev.currentTarget.value })}
              error={e.query}
              styles={mono}
            />
            <Textarea
              label="Total events query"
              withAsterisk
              autosize
              minRows={2}
              placeholder="sum(increase(http_requests_total[1m]))"
              value={draft.total_query}
              onChange={(ev) => set({ total_query: ev.currentTarget.value })}
              error={e.total_query}
              styles={mono}
            />
            <NumberInput
              label="Alert when Prometheus is unreachable for (minutes)"
              description="Until then the SLO shows as unknown"
              min={1}
              allowDecimal={false}
              value={draft.unknown_alert_after_minutes}
              onChange={(v) => set({ unknown_alert_after_minutes: v })}
              error={e.unknown_alert_after_minutes}
              maw={360}
            />
          </Stack>
        )}
        <Checkbox
          label="Leave out the service's maintenance windows"
          description="Events during a maintenance window of the service do not count against the budget"
          checked={draft.exclude_maintenance}
          onChange={(ev) => set({ exclude_maintenance: ev.currentTarget.checked })}
          error={e.exclude_maintenance}
        />
      </Section>

      <Section title="Burn-rate alerts" id="slo-alerts">
        <Text size="sm">
          An alert fires when the budget burns faster than its rate over both windows: the long one says it
          matters, the short one that it is still happening. Critical and error alerts page; warning and info
          open a low-urgency incident (the service&apos;s urgency rules).
        </Text>
        <AlertRules rows={draft.alerts} onChange={(alerts) => set({ alerts })} errors={errors} />
      </Section>
    </Stack>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
