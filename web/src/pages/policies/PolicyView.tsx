import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { EscalationPolicyView } from '../../types.ts';
import { Section } from '../profile/parts.tsx';
import { pagedNow, TARGET_TYPES, useDirectory } from './directory.ts';

/** A policy as it runs: its levels with who each would page now and when, and the services using it. */
export function PolicyView({ policy }: { policy: EscalationPolicyView }) {
  const dir = useDirectory();
  let at = 0;
  return (
    <>
      {policy.description !== '' && <Text>{policy.description}</Text>}
      <Text size="sm">
        Team: {policy.team_id === null ? 'none' : dir.nameOf('team', policy.team_id)} · Repeats:{' '}
        {policy.repeat_count === 0 ? 'no' : `${policy.repeat_count} more time(s)`} · Acknowledged but
        unresolved:{' '}
        {policy.ack_timeout_minutes === null
          ? 'stays acknowledged'
          : `escalates again after ${policy.ack_timeout_minutes} min`}
      </Text>
      <Section id="levels" title="Levels" intro="Who each level would page if an incident started now.">
        <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Levels">
          {policy.levels.map((level, i) => {
            const fires = at;
            at += level.delay_minutes;
            return (
              <Paper key={level.id} component="li" withBorder p="sm" aria-label={`Level ${i + 1}`}>
                <Title order={3} size="h5">
                  Level {i + 1} · {i === 0 ? 'at once' : `after ${fires} min`}
                </Title>
                {level.targets.map((t) => (
                  <Text key={`${t.type}:${t.id}`} size="sm">
                    {TARGET_TYPES.find((x) => x.value === t.type)?.label}: {dir.nameOf(t.type, t.id)} — pages{' '}
                    {pagedNow(dir, t.type, t.id)}
                  </Text>
                ))}
                <Text size="sm" c="gray.7">
                  Next {i === policy.levels.length - 1 ? 'round' : 'level'} after {level.delay_minutes} min
                </Text>
              </Paper>
            );
          })}
        </Stack>
      </Section>
      <Section id="services" title="Services using it">
        {policy.services.length === 0 ? (
          <Text size="sm">No service uses this policy.</Text>
        ) : (
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Services">
            {policy.services.map((s) => (
              <li key={s.id}>
                <Anchor component={Link} to={`/services/${s.id}`}>
                  {s.name}
                </Anchor>
              </li>
            ))}
          </Stack>
        )}
      </Section>
    </>
  );
}
