import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { shortWhen } from '../../format.ts';
import { useManagesTeam } from '../../team-access.tsx';
import type {
  CreatedInsightDigestView,
  InsightDigestKind,
  InsightDigestView,
  TeamView,
} from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { SecretValue } from '../profile/ContactMethods.tsx';
import { FormCard, ListTable, Section } from '../profile/parts.tsx';
import { bindChoice } from '../status-page/bind.tsx';

const KINDS = ['email', 'webhook'] as const satisfies readonly InsightDigestKind[];
const KIND_LABEL: Record<InsightDigestKind, string> = {
  email: 'Email',
  webhook: 'Webhook (signed JSON POST)',
};
const FIELDS = ['kind', 'address', 'night_pages_per_week'] as const;
/** The server's default threshold (NIGHT_PAGES_PER_WEEK), shown in the form rather than left implicit. */
const DEFAULT_NIGHT_PAGES = 2;

const digestsKey = (teamId: string) => ['people', 'team', teamId, 'insight-digests'];

/**
 * A team's weekly insight digest: each Monday the week before's insights go to the addresses its
 * managers subscribe. Only admins and the team's managers may see them (the API refuses anyone
 * else), so nothing is asked or shown until the person's standing is known.
 */
export function InsightDigests({ team }: { team: TeamView }) {
  const manages = useManagesTeam(team.id);
  return manages === true ? <Digests team={team} /> : null;
}

function Digests({ team }: { team: TeamView }) {
  const queryClient = useQueryClient();
  const digests = useQuery({
    queryKey: digestsKey(team.id),
    queryFn: () =>
      api<{ data: InsightDigestView[] }>('GET', `/teams/${encodeURIComponent(team.id)}/insight-digests`),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: digestsKey(team.id) });
  const [created, setCreated] = useState<CreatedInsightDigestView | null>(null);
  const [removing, setRemoving] = useState<InsightDigestView | undefined>();
  const remove = useMutation({
    mutationFn: (id: string) =>
      api('DELETE', `/teams/${encodeURIComponent(team.id)}/insight-digests/${encodeURIComponent(id)}`),
    onSuccess: () => setRemoving(undefined),
    onSettled: refresh,
  });
  return (
    <Section
      id={`digests-${team.id}`}
      title="Weekly insights digest"
      intro={`Every Monday, the week before’s insights for ${team.name} by email or a signed webhook. People paged in their sleep hours more often than the threshold are flagged.`}
    >
      <QueryState query={digests} what="the digests" />
      {digests.data?.data.length === 0 && <Text size="sm">The digest is not sent anywhere yet.</Text>}
      {digests.data !== undefined && digests.data.data.length > 0 && (
        <ListTable
          label={`Insight digests of ${team.name}`}
          headers={['Kind', 'Address', 'Night pages a week', 'Last sent', 'Remove']}
        >
          {digests.data.data.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{d.kind === 'email' ? 'Email' : 'Webhook'}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.address}</Table.Td>
              <Table.Td>more than {d.night_pages_per_week}</Table.Td>
              <Table.Td>
                {d.last_sent_at === null ? 'not yet' : shortWhen(d.last_sent_at)}
                {/* red.9: Mantine's lighter reds fail WCAG AA contrast at this size. */}
                {d.last_error !== null && (
                  <Text size="sm" c="red.9" style={{ overflowWrap: 'anywhere' }}>
                    Failed: {d.last_error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  aria-label={`Remove the digest to ${d.address}`}
                  onClick={() => setRemoving(d)}
                >
                  Remove
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <ActionModal
        title={`Stop sending the digest to ${removing?.address ?? ''}?`}
        opened={removing !== undefined}
        onClose={() => {
          setRemoving(undefined);
          remove.reset();
        }}
        onSubmit={() => removing && remove.mutate(removing.id)}
        submitLabel="Remove digest"
        pending={remove.isPending}
        error={remove.error?.message}
      >
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {removing?.kind === 'webhook'
            ? 'No more weekly insights are posted there, and its signing secret is void: subscribing the URL again gives a new one.'
            : 'No more weekly insights are sent to that address.'}
        </Text>
      </ActionModal>
      {created !== null && <CreatedSecret digest={created} onDone={() => setCreated(null)} />}
      <AddDigest
        team={team}
        onCreated={async (d) => {
          if (d.signing_secret !== null) setCreated(d);
          await refresh();
        }}
      />
    </Section>
  );
}

function AddDigest({
  team,
  onCreated,
}: {
  team: TeamView;
  onCreated: (d: CreatedInsightDigestView) => Promise<void>;
}) {
  const [kind, setKind] = useState<InsightDigestKind>('email');
  const [address, setAddress] = useState('');
  const [nightPages, setNightPages] = useState<number | string>(DEFAULT_NIGHT_PAGES);
  const add = useMutation({
    mutationFn: () =>
      api<CreatedInsightDigestView>('POST', `/teams/${encodeURIComponent(team.id)}/insight-digests`, {
        kind,
        address,
        // Empty: the server's default.
        ...(typeof nightPages === 'number' ? { night_pages_per_week: nightPages } : {}),
      }),
    onSuccess: async (d) => {
      setAddress('');
      await onCreated(d);
    },
  });
  const { byField, other } = fieldErrors(add.error, FIELDS);
  // A 409 says the address is subscribed already: it belongs by the address, not above the button.
  const taken = add.error instanceof ApiError && add.error.status === 409 ? add.error.message : undefined;
  return (
    <FormCard
      label={`Add a digest for ${team.name}`}
      title="Send the digest somewhere"
      problemTitle="Could not add the digest"
      problem={taken === undefined ? other : undefined}
      submitLabel="Add digest"
      pending={add.isPending}
      onSubmit={() => add.mutate()}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <NativeSelect
          label="Send by"
          {...bindChoice(KINDS, KIND_LABEL, kind, setKind)}
          error={byField.kind}
        />
        <TextInput
          label={kind === 'email' ? 'Email address' : 'Webhook URL'}
          required
          value={address}
          error={taken ?? byField.address}
          onChange={(e) => setAddress(e.currentTarget.value)}
        />
        <NumberInput
          label="Night pages a week"
          description="Flag people paged in their sleep hours more often"
          value={nightPages}
          onChange={setNightPages}
          min={0}
          max={1000}
          allowDecimal={false}
          error={byField.night_pages_per_week}
        />
      </SimpleGrid>
    </FormCard>
  );
}

/** A new webhook's signing secret, once: the server keeps it sealed and never answers it again. */
function CreatedSecret({ digest, onDone }: { digest: CreatedInsightDigestView; onDone: () => void }) {
  const titleId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={titleId} style={{ overflowWrap: 'anywhere' }}>
          Webhook added: {digest.address}
        </Title>
        {/* No title: Mantine's orange title on its light orange is below AA contrast. */}
        <Alert color="orange">
          <b>Copy the signing secret now:</b> it will not be shown again. The receiver checks the
          Tocsin-Signature header of each digest with it.
        </Alert>
        <SecretValue label="Signing secret" value={digest.signing_secret ?? ''} />
        <Group>
          <Button variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
