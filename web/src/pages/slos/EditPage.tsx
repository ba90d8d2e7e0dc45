import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { useMe } from '../../session.tsx';
import { useActsForTeam } from '../../team-access.tsx';
import type { ServiceView } from '../../types.ts';
import { useAllServices } from '../runbooks/data.ts';
import { useSlo, useSloServices, useSloWrite } from './data.ts';
import { createBody, draftOf, newDraft, patchOf, saveErrors, type SloDraft } from './draft.ts';
import { type SloView, sloPath } from './model.ts';
import { SloForm } from './SloForm.tsx';

/**
 * A new SLO (POST /api/v1/slos), the service chosen among those of the person's teams (all for
 * an admin; `?service_id=` picks one, as the service page's link does). The API's 400 shows at
 * the field it names, and the form keeps what was typed.
 */
export function NewSloPage() {
  const me = useMe();
  const services = useSloServices();
  if (me.data?.user.role === 'viewer') {
    return (
      <Alert color="orange" role="alert" title="Not yours to write">
        Viewers read SLOs; responders on a service&apos;s team and admins write them.
      </Alert>
    );
  }
  if (services === undefined) return <Loader aria-label="Loading the services" />;
  return <NewSlo services={services} />;
}

function NewSlo({ services }: { services: ServiceView[] }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const asked = params.get('service_id');
  const [draft, setDraft] = useState<SloDraft>(() =>
    newDraft(
      services.some((s) => s.id === asked) ? (asked ?? '') : services.length === 1 ? services[0]!.id : '',
    ),
  );
  const create = useSloWrite((d: SloDraft) => ['POST', '/slos', createBody(d)]);
  const errors = saveErrors(create.error, draft);
  const change = (d: SloDraft) => {
    setDraft(d);
    create.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(draft, { onSuccess: (slo) => void navigate(sloPath(slo.id)) });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="New SLO">
      <Stack gap="md">
        <Anchor component={Link} to="/slos" size="sm">
          ← SLOs
        </Anchor>
        <Title order={1} size="h2">
          New SLO
        </Title>
        {services.length === 0 && (
          <Alert color="orange" title="No service of yours">
            An SLO belongs to a service, and only its team&apos;s members and admins write it. Ask an admin to
            add you to the service&apos;s team.
          </Alert>
        )}
        <SloForm
          draft={draft}
          onChange={change}
          errors={errors}
          services={services.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Buttons
          error={errors.other}
          title="Could not create the SLO"
          submit="Create SLO"
          pending={create.isPending}
          cancel="/slos"
        />
      </Stack>
    </form>
  );
}

/** An SLO's fields changed (PATCH /api/v1/slos/:id): only what changed is sent. */
export function EditSloPage() {
  const id = useParams().id ?? '';
  const slo = useSlo(id);
  const teamId = useAllServices().data?.data.find((s) => s.id === slo.data?.service_id)?.team_id;
  const canEdit = useActsForTeam(teamId);
  if (slo.isError) {
    const notFound = slo.error instanceof ApiError && slo.error.status === 404;
    return notFound ? <NotFound id={id} /> : <QueryState query={slo} what="the SLO" />;
  }
  if (slo.data === undefined || canEdit === undefined) return <Loader aria-label="Loading the SLO" />;
  if (!canEdit) {
    return (
      <Alert color="orange" role="alert" title="Not yours to change">
        Only members of {slo.data.service_name}&apos;s team and admins change this SLO.
      </Alert>
    );
  }
  // Keyed by the SLO: the form starts from it once, and keeps what is typed while it refetches.
  return <EditSlo key={slo.data.id} slo={slo.data} />;
}

function EditSlo({ slo }: { slo: SloView }) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<SloDraft>(() => draftOf(slo));
  const save = useSloWrite((d: SloDraft) => ['PATCH', sloPath(slo.id), patchOf(d, slo)]);
  const errors = saveErrors(save.error, draft);
  const change = (d: SloDraft) => {
    setDraft(d);
    save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft, { onSuccess: (s) => void navigate(sloPath(s.id)) });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Edit SLO">
      <Stack gap="md">
        <Anchor component={Link} to={sloPath(slo.id)} size="sm">
          ← {slo.name}
        </Anchor>
        <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
          Edit {slo.name}
        </Title>
        <SloForm
          draft={draft}
          onChange={change}
          errors={errors}
          services={null}
          serviceName={slo.service_name}
        />
        <Buttons
          error={errors.other}
          title="Could not save the SLO"
          submit="Save SLO"
          pending={save.isPending}
          cancel={sloPath(slo.id)}
        />
      </Stack>
    </form>
  );
}

function Buttons({
  error,
  title,
  submit,
  pending,
  cancel,
}: {
  error: string | undefined;
  title: string;
  submit: string;
  pending: boolean;
  cancel: string;
}) {
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        {error !== undefined && (
          <Alert color="red" role="alert" title={title}>
            {error}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" loading={pending}>
            {submit}
          </Button>
          <Button variant="default" component={Link} to={cancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function NotFound({ id }: { id: string }) {
  return (
    <Stack>
      <Title order={1}>SLO not found</Title>
      <Text>There is no SLO {id}; it may have been deleted.</Text>
      <Anchor component={Link} to="/slos">
        All SLOs
      </Anchor>
    </Stack>
  );
}
