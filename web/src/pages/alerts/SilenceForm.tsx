import { Checkbox, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { errorFor, fieldError } from '../../form-errors.ts';
import { when } from '../../format.ts';
import type { AlertView, SilenceView } from '../../types.ts';
import { useServices } from '../AlertsPage.tsx';
import { CreatedNotice } from '../silences/CreatedNotice.tsx';
import { MatcherRows, matchersOf, toRows, type MatcherRow } from '../silences/MatcherRows.tsx';
import { PeriodFields, newPeriod, periodBody, periodOf } from '../silences/PeriodFields.tsx';
import { SuppressionPreview } from '../silences/SuppressionPreview.tsx';

/** Fields this form has a control for; an error about anything else shows above the buttons. */
const FIELDS = ['matchers', 'service_id', 'duration_minutes', 'ends_at', 'starts_at', 'comment'];

/**
 * A silence's form, in three uses: "silence alerts like this" on an alert (matchers prefilled
 * from its labels, its service by default), a new silence on the silences page, and editing one
 * there. Matchers are Alertmanager's (=, !=, =~, !~); while they are typed, the open alerts they
 * would match show below (POST /silences/preview). A 400 shows next to the control it names;
 * the form keeps what was typed.
 */
export function SilenceForm({
  alert,
  serviceName,
  silence,
  onClose,
}: {
  /** Silence alerts like this one (of `serviceName`). */
  alert?: AlertView;
  serviceName?: string;
  /** Edit this silence (PATCH); otherwise create one. */
  silence?: SilenceView;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const titleId = useId();
  const services = useServices();
  const [rows, setRows] = useState<MatcherRow[]>(() =>
    toRows(
      silence?.matchers ??
        (alert
          ? Object.entries(alert.labels).map(([name, value]) => ({ name, op: '=', value }))
          : [{ name: '', op: '=', value: '' }]),
    ),
  );
  const [initialPeriod] = useState(() => (silence ? periodOf(silence) : undefined));
  const [period, setPeriod] = useState(() => initialPeriod ?? newPeriod());
  const [comment, setComment] = useState(silence?.comment ?? '');
  const [onlyService, setOnlyService] = useState(true);
  const [serviceId, setServiceId] = useState(silence?.service_id ?? '');

  // On an alert, a checkbox scopes to its service; elsewhere a choice of any service or one.
  const scopeService = alert ? (onlyService ? alert.service_id : '') : serviceId;
  const save = useMutation({
    mutationFn: () => {
      const matchers = matchersOf(rows);
      if (silence)
        return api<SilenceView>('PATCH', `/silences/${silence.id}`, {
          matchers,
          service_id: scopeService === '' ? null : scopeService,
          comment,
          ...periodBody(period, initialPeriod),
        });
      return api<SilenceView>('POST', '/silences', {
        matchers,
        ...(scopeService === '' ? {} : { service_id: scopeService }),
        comment,
        ...periodBody(period),
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      if (silence) onClose();
    },
  });
  const err = fieldError(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const complete = rows.filter((r) => r.name !== '');
  const previewBody =
    complete.length === 0 && scopeService === ''
      ? null
      : { matchers: matchersOf(complete), ...(scopeService === '' ? {} : { service_id: scopeService }) };

  if (save.data && !silence)
    return (
      <CreatedNotice title="Silence created" onClose={onClose}>
        Matching alerts are suppressed until {when(save.data.ends_at)}. Silence {save.data.id}.
      </CreatedNotice>
    );

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={titleId}>
          {alert ? 'Silence alerts like this' : silence ? 'Edit silence' : 'New silence'}
        </Title>
        <Text size="sm">
          An alert is silenced when every matcher holds.{alert && ' Remove the labels that vary.'}
        </Text>
        {err?.field === 'matchers' && err.index === undefined && (
          <Text c="red.8" size="sm" role="alert">
            {err.message}
          </Text>
        )}
        <MatcherRows rows={rows} onChange={setRows} err={err} />
        {alert ? (
          <Checkbox
            label={`Only alerts of ${serviceName ?? alert.service_id}`}
            checked={onlyService}
            onChange={(e) => setOnlyService(e.currentTarget.checked)}
            error={errorFor(err, 'service_id')}
          />
        ) : (
          <NativeSelect
            label="Service"
            value={serviceId}
            onChange={(e) => setServiceId(e.currentTarget.value)}
            data={[
              { value: '', label: 'Any service' },
              ...(services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            error={errorFor(err, 'service_id')}
            maw={320}
          />
        )}
        <SuppressionPreview
          path="/silences/preview"
          body={previewBody}
          hint="Add a matcher or choose a service to see the open alerts it would match."
        />
        <PeriodFields
          value={period}
          onChange={setPeriod}
          err={err}
          startLocked={silence?.state === 'active'}
        />
        <Textarea
          label="Comment (why, and who to ask)"
          withAsterisk
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={errorFor(err, 'comment')}
        />
        <FormActions
          submit={silence ? 'Save silence' : 'Create silence'}
          pending={save.isPending}
          error={save.error}
          fieldError={err}
          fields={FIELDS}
          what="silence"
          verb={silence ? 'save' : 'create'}
          onCancel={onClose}
        />
      </Stack>
    </Paper>
  );
}
