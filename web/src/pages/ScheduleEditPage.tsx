import { Anchor, Button, Grid, NativeSelect, Stack, Text, TextInput, Title, em } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { FormActions } from '../components/FormActions.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { errorFor, fieldError } from '../form-errors.ts';
import { ManagersOnly, useManagedTeams, useManagesTeam } from '../team-access.tsx';
import type {
  Page,
  PreviewShiftsView,
  ReplaceScheduleInput,
  ScheduleView,
  TeamMemberView,
} from '../types.ts';
import { draftOf, type LayerDraft, layerBody, layerWithId, newDraft, sourceOf } from './oncall/draft.ts';
import { EditorPreview } from './oncall/EditorPreview.tsx';
import { LayerDelete, layerLoss } from './oncall/LayerDelete.tsx';
import { LayerFields } from './oncall/LayerFields.tsx';
import { useTeams } from './SchedulesPage.tsx';

const FIELDS = ['name', 'team_id', 'time_zone', 'layers'];

/**
 * Create a schedule (/schedules/new) or edit it (/schedules/:id/edit): name, team, time zone and
 * layers, with the calendar the schedule would have shown live beside the form, before anything
 * is saved. An edit is saved in one request (PUT /api/v1/schedules/:id): all of it or nothing.
 */
export function ScheduleEditPage() {
  const id = useParams().id;
  const schedule = useQuery({
    queryKey: ['schedules', id],
    queryFn: () => api<ScheduleView>('GET', `/schedules/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
  const managesIt = useManagesTeam(schedule.data?.team_id);
  const managed = useManagedTeams();
  const mayCreate = managed === undefined ? undefined : managed === 'all' || managed.length > 0;
  if (id !== undefined && !schedule.data) return <QueryState query={schedule} what="the schedule" />;
  // The form takes the layers once (useState below): a live refetch never overwrites what is typed.
  return (
    <ManagersOnly allowed={id === undefined ? mayCreate : managesIt} what="schedules">
      <Editor schedule={schedule.data} />
    </ManagersOnly>
  );
}

function Editor({ schedule }: { schedule: ScheduleView | undefined }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const narrow =
    useMediaQuery(`(max-width: ${em(767.98)})`, undefined, { getInitialValueInEffect: false }) ?? false;
  const teams = useTeams();
  const [name, setName] = useState(schedule?.name ?? '');
  const [teamChoice, setTeamChoice] = useState<string | undefined>();
  const teamId = teamChoice ?? schedule?.team_id ?? teams.data?.data[0]?.id;
  const [zone, setZone] = useState(
    schedule?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  );
  // While a zone is being typed it is not one yet: the calendar stays in UTC until it is.
  const shownZone = DateTime.now().setZone(zone).isValid ? zone : 'UTC';
  const today = DateTime.now().setZone(shownZone).toISODate()!;
  const [drafts, setDrafts] = useState<LayerDraft[]>(() =>
    schedule ? schedule.layers.map(draftOf) : [newDraft(zone, today, 1)],
  );
  const [previewError, setPreviewError] = useState<Error | null>(null);
  const onPreviewError = useCallback((e: Error | null) => setPreviewError(e), []);
  const [preview, setPreview] = useState<PreviewShiftsView | undefined>();
  const [removing, setRemoving] = useState<number | undefined>();
  // The schedule as it was opened: a save over someone else's later change is refused (409).
  const [revision] = useState(schedule?.revision);

  const members = useQuery({
    queryKey: ['schedules', 'team', teamId, 'members'],
    queryFn: () =>
      api<Page<TeamMemberView>>('GET', `/teams/${encodeURIComponent(teamId ?? '')}/members?limit=500`),
    enabled: teamId !== undefined,
  });
  const names = new Map<string, string>();
  for (const l of schedule?.layers ?? [])
    for (const p of l.participants) if (p.name) names.set(p.user_id, p.name);
  for (const m of members.data?.data ?? []) names.set(m.user_id, m.name);

  const save = useMutation({
    mutationFn: () => {
      if (!schedule)
        return api<ScheduleView>('POST', '/schedules', {
          name,
          team_id: teamId,
          time_zone: zone,
          layers: drafts.map(layerBody),
        });
      const body: ReplaceScheduleInput = {
        name,
        ...(teamId === undefined ? {} : { team_id: teamId }),
        time_zone: zone,
        ...(revision === undefined ? {} : { if_revision: revision }),
        layers: drafts.map(layerWithId),
      };
      return api<ScheduleView>('PUT', `/schedules/${encodeURIComponent(schedule.id)}`, body);
    },
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: ['schedules'] });
      await queryClient.invalidateQueries({ queryKey: ['oncall'] });
      void navigate(`/schedules/${s.id}`);
    },
  });
  // A failed save's message stays until the form changes; then the preview's checks take over.
  const { reset } = save;
  useEffect(() => reset(), [drafts, name, teamId, zone, reset]);
  const err = fieldError(save.error ?? previewError);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const setDraft = (i: number, d: LayerDraft) => setDrafts((all) => all.map((x, j) => (j === i ? d : x)));
  // Layers that followed the schedule's zone keep following it; one set apart keeps its own.
  const changeZone = (z: string) => {
    setDrafts((all) => all.map((d) => (d.time_zone === zone ? { ...d, time_zone: z } : d)));
    setZone(z);
  };
  const nextOrder = Math.max(0, ...drafts.map((d) => d.order ?? 0)) + 1;
  const back = schedule ? `/schedules/${schedule.id}` : '/schedules';
  const doomed = removing === undefined ? undefined : drafts[removing];

  return (
    <Stack>
      <Anchor component={Link} to={back} size="sm">
        {schedule ? 'Back to the calendar' : 'All schedules'}
      </Anchor>
      <Title order={1}>{schedule ? `Edit ${schedule.name}` : 'New schedule'}</Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <form onSubmit={submit} aria-label={schedule ? 'Edit schedule' : 'New schedule'}>
            <Stack gap="md">
              <TextInput
                label="Name"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errorFor(err, 'name')}
              />
              <NativeSelect
                label="Team"
                description={schedule ? 'Participants must be members of this team' : undefined}
                value={teamId ?? ''}
                onChange={(e) => setTeamChoice(e.currentTarget.value)}
                data={(teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
                error={errorFor(err, 'team_id')}
              />
              <TextInput
                label="Time zone"
                description="IANA name, e.g. Europe/Berlin"
                value={zone}
                onChange={(e) => changeZone(e.currentTarget.value)}
                error={errorFor(err, 'time_zone')}
              />
              <Text size="sm">
                Layers, lowest first: a higher layer wins wherever it has someone on call. Changes apply from
                now on; past shifts stay as they were.
              </Text>
              {drafts.map((d, i) => (
                <LayerFields
                  key={d.key}
                  index={i}
                  draft={d}
                  members={members.data?.data ?? []}
                  names={names}
                  err={err}
                  onChange={(next) => setDraft(i, next)}
                  onRemove={() => setRemoving(i)}
                />
              ))}
              <Button
                variant="default"
                onClick={() => setDrafts((all) => [...all, newDraft(zone, today, nextOrder)])}
              >
                Add a layer
              </Button>
              <FormActions
                submit={schedule ? 'Save schedule' : 'Create schedule'}
                pending={save.isPending}
                error={save.error}
                fieldError={err}
                fields={FIELDS}
                what="schedule"
                verb={schedule ? 'save' : 'create'}
                onCancel={() => void navigate(back)}
              />
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {teamId !== undefined && (
            <EditorPreview
              body={{
                ...(schedule ? { schedule_id: schedule.id } : {}),
                team_id: teamId,
                time_zone: zone,
                layers: drafts.map(layerWithId),
              }}
              zone={shownZone}
              names={names}
              layerNames={new Map(drafts.map((d, i) => [sourceOf(d, i), d.name]))}
              narrow={narrow}
              onError={onPreviewError}
              onData={setPreview}
            />
          )}
        </Grid.Col>
      </Grid>
      {doomed !== undefined && removing !== undefined && (
        <LayerDelete
          name={doomed.name}
          saved={doomed.id !== undefined}
          loss={layerLoss(preview, sourceOf(doomed, removing), names)}
          onConfirm={() => {
            setDrafts((all) => all.filter((_, j) => j !== removing));
            setRemoving(undefined);
          }}
          onClose={() => setRemoving(undefined)}
        />
      )}
    </Stack>
  );
}
