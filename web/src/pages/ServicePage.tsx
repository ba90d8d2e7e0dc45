import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { QueryState } from '../components/QueryState.tsx';
import { DeleteService } from './services/DeleteService.tsx';
import { useCanEdit, useServices, useService } from './services/data.ts';
import { Integrations } from './services/Integrations.tsx';
import { ServiceSettings } from './services/ServiceSettings.tsx';
import { ServiceSlos } from './slos/ServiceSlos.tsx';
import { StatusLine } from './ServicesPage.tsx';

/** One service: its status, integrations (with the snippets for a new key), settings, and delete. */
export function ServicePage() {
  const { id = '' } = useParams();
  const service = useService(id);
  const services = useServices();
  const canEdit = useCanEdit();
  const name = (sid: string) => services.data?.data.find((s) => s.id === sid)?.name ?? sid;

  if (!service.data) return <QueryState query={service} what="the service" />;
  const s = service.data;
  return (
    <Stack>
      <Anchor component={Link} to="/services" size="sm">
        ← Services
      </Anchor>
      <Title order={1}>{s.name}</Title>
      {s.description !== '' && <Text>{s.description}</Text>}
      <Paper withBorder p="sm">
        <StatusLine service={services.data?.data.find((x) => x.id === s.id)} />
      </Paper>
      <Integrations serviceId={s.id} teamId={s.team_id} />
      <ServiceSlos serviceId={s.id} teamId={s.team_id} />
      <Title order={2}>Settings</Title>
      <ServiceSettings key={s.id} service={s} />
      {s.dependents.length > 0 && (
        <Group gap="xs">
          <Text size="sm">Services that depend on this one:</Text>
          {s.dependents.map((d) => (
            <Anchor key={d} component={Link} to={`/services/${d}`} size="sm">
              {name(d)}
            </Anchor>
          ))}
        </Group>
      )}
      {canEdit && (
        <DeleteService
          service={services.data?.data.find((x) => x.id === s.id) ?? s}
          dependentNames={s.dependents.map(name)}
        />
      )}
    </Stack>
  );
}
