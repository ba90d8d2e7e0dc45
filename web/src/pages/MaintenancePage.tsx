import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import type { MaintenanceWindowView } from '../types.ts';
import { SuppressionPage } from './silences/SuppressionPage.tsx';
import { WindowCard } from './silences/WindowCard.tsx';
import { WindowForm } from './silences/WindowForm.tsx';

/**
 * Maintenance windows (GET /api/v1/maintenance-windows): services whose alerts are suppressed
 * for a period. Admins create them, end them early and delete upcoming ones; others only look.
 */
export function MaintenancePage() {
  return (
    <SuppressionPage<MaintenanceWindowView>
      title="Maintenance windows"
      intro={
        <>
          While a window is active, every alert of its services is stored as suppressed and pages nobody. To
          quiet only some alerts, use a{' '}
          <Anchor component={Link} to="/silences" inherit underline="always">
            silence
          </Anchor>
          .
        </>
      }
      newLabel="New maintenance window"
      form={(onClose) => <WindowForm onClose={onClose} />}
      path="/maintenance-windows"
      render={(w, c) => <WindowCard window={w} {...c} />}
    />
  );
}
