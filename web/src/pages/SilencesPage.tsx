import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import type { SilenceView } from '../types.ts';
import { SilenceForm } from './alerts/SilenceForm.tsx';
import { SilenceCard } from './silences/SilenceCard.tsx';
import { SuppressionPage } from './silences/SuppressionPage.tsx';

/**
 * Silences (GET /api/v1/silences): active, upcoming and ended, each with its matchers, period,
 * creator, comment and the alerts it suppressed. Admins create, edit and end them here.
 */
export function SilencesPage() {
  return (
    <SuppressionPage<SilenceView>
      title="Silences"
      intro={
        <>
          A silence stores the alerts it matches as suppressed: they open no incident and page nobody. To
          quiet whole services for planned work, use a{' '}
          <Anchor component={Link} to="/maintenance-windows" inherit underline="always">
            maintenance window
          </Anchor>
          .
        </>
      }
      newLabel="New silence"
      form={(onClose) => <SilenceForm onClose={onClose} />}
      path="/silences"
      render={(s, c) => <SilenceCard silence={s} {...c} />}
    />
  );
}
