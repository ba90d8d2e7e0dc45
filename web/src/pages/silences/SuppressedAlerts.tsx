import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { shortWhen } from '../../format.ts';
import type { AlertView, Page } from '../../types.ts';
import { AlertLine } from './AlertLine.tsx';

const SHOWN = 10;

/**
 * The alerts a silence or window suppressed (GET /alerts?suppressed_by=silence:<id>), loaded
 * when opened: most lists are looked at, not into.
 */
export function SuppressedAlerts({ by }: { by: string }) {
  const [open, setOpen] = useState(false);
  const alerts = useQuery({
    queryKey: ['alerts', 'suppressed-by', by],
    queryFn: () =>
      api<Page<AlertView>>('GET', `/alerts?suppressed_by=${encodeURIComponent(by)}&limit=${SHOWN}`),
    enabled: open,
  });
  const data = alerts.data?.data;
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <Text size="sm" component="span">
          Alerts it suppressed
        </Text>
      </summary>
      {alerts.isError && (
        <Text size="sm" c="red.8">
          {alerts.error.message}
        </Text>
      )}
      {data?.length === 0 && <Text size="sm">None so far.</Text>}
      {data !== undefined && data.length > 0 && (
        <ul aria-label="Alerts it suppressed" style={{ margin: 0, paddingInlineStart: '1.2rem' }}>
          {data.map((a) => (
            <li key={a.id}>
              <AlertLine alert={a} note={shortWhen(a.received_at)} />
            </li>
          ))}
          {alerts.data?.next_cursor !== null && (
            <li>
              <Anchor component={Link} to="/alerts?status=suppressed" size="sm">
                More suppressed alerts
              </Anchor>
            </li>
          )}
        </ul>
      )}
    </details>
  );
}
