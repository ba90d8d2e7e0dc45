import { Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { api } from '../../api.ts';
import type { SuppressionPreviewView } from '../../types.ts';
import { useServices } from '../AlertsPage.tsx';
import { AlertLine } from './AlertLine.tsx';

/** Typing pauses this long before the preview asks again. */
const DEBOUNCE_MS = 300;

/**
 * The open alerts a silence or maintenance window would match, asked of the API while the form
 * is edited (POST /silences/preview or /maintenance-windows/preview: nothing is saved). Keyed
 * under `alerts`, so the live stream refreshes it as alerts come and go. `body` null: the form
 * does not say enough yet to ask; `hint` says what is missing.
 */
export function SuppressionPreview({
  path,
  body,
  hint,
}: {
  path: '/silences/preview' | '/maintenance-windows/preview';
  body: object | null;
  hint: string;
}) {
  const titleId = useId();
  const [asked] = useDebouncedValue(body === null ? '' : JSON.stringify(body), DEBOUNCE_MS);
  const preview = useQuery({
    // Not under ['alerts']: live.tsx invalidates that on every alert, and during a storm (when
    // silences get made) each open form would re-run the scan several times a second.
    queryKey: ['suppression-preview', path, asked],
    queryFn: () => api<SuppressionPreviewView>('POST', path, JSON.parse(asked) as unknown),
    enabled: asked !== '',
    placeholderData: keepPreviousData,
    retry: false,
  });
  const services = useServices();
  const serviceName = new Map(services.data?.data.map((s) => [s.id, s.name]));
  const found = preview.data;

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={titleId} bg="gray.0">
      <Stack gap="xs">
        <Title order={3} size="h5" id={titleId}>
          Open alerts it would match now
        </Title>
        <div aria-live="polite">
          {asked === '' ? (
            <Text size="sm">{hint}</Text>
          ) : preview.isError ? (
            <Text size="sm" c="red.8">
              No preview: {preview.error.message}
            </Text>
          ) : found === undefined ? (
            <Text size="sm">Looking…</Text>
          ) : (
            <Text size="sm">
              {found.total === 0
                ? 'No open alert matches.'
                : `${found.total_is_lower_bound ? 'At least ' : ''}${found.total} open alert${found.total === 1 ? '' : 's'} match${found.total === 1 ? 'es' : ''}` +
                  (found.total > found.data.length ? ` (the newest ${found.data.length} shown)` : '') +
                  '. New alerts like these are suppressed while it is active.'}
            </Text>
          )}
        </div>
        {found !== undefined && found.data.length > 0 && !preview.isError && asked !== '' && (
          <Stack
            gap={4}
            component="ul"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label="Matching open alerts"
          >
            {found.data.map((a) => (
              <li key={a.id}>
                <AlertLine alert={a} note={serviceName.get(a.service_id) ?? a.service_id} />
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
