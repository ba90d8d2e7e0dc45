import { Alert, Button, Group, List, MultiSelect, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { PostmortemView, UserView } from '../../types.ts';
import { choosable, usePeople } from '../policies/directory.ts';
import { allowedFrom, pmPath, STATUS_LABEL, usePostmortemWrite } from './data.ts';
import { PostmortemBadge } from './PostmortemBadge.tsx';

type Status = PostmortemView['status'];

/**
 * Why publishing is not possible yet, as the API would say it, or null when it should work.
 * The API decides (a 409 names the allowed moves); this only explains a disabled button.
 */
export function publishBlocker(pm: PostmortemView, me: UserView, dirty: boolean): string | null {
  if (dirty) return 'Save your changes first.';
  if (pm.status === 'draft') return 'Send it for review first.';
  if (!pm.allowed_transitions.includes('published'))
    return `A ${STATUS_LABEL[pm.status]} postmortem cannot be published.`;
  if (pm.incident.status !== 'resolved' && pm.incident.status !== 'closed')
    return `${pm.incident.ref} is ${pm.incident.status}: resolve it first.`;
  const waiting = pm.reviewers.filter((r) => r.approved_at === null).map((r) => r.user.name);
  if (waiting.length > 0 && me.role !== 'admin') return `Waiting for approval from ${waiting.join(', ')}.`;
  return null;
}

/**
 * The review flow beside the editor: the status and its moves (draft -> in review -> published,
 * or back to draft), the reviewers and their approvals, asking for more, and approving as one.
 * Moves wait for unsaved edits to be saved: each move raises the revision the edits are based on.
 */
export function ReviewPanel({ pm, me, dirty }: { pm: PostmortemView; me: UserView; dirty: boolean }) {
  const canAct = me.role !== 'viewer' && pm.status !== 'published';
  const move = usePostmortemWrite(pm.id, (status: Status) => [
    'POST',
    `${pmPath(pm.id)}/status`,
    { status, if_revision: pm.revision },
  ]);
  // The approval is of the text on screen: if it changed since, the server refuses (409) and the
  // page reloads it, so the reviewer approves what they read.
  const approve = usePostmortemWrite(pm.id, () => [
    'POST',
    `${pmPath(pm.id)}/approve`,
    { if_revision: pm.revision },
  ]);
  const blocker = publishBlocker(pm, me, dirty);
  const mine = pm.reviewers.find((r) => r.user.id === me.id);
  const allowed = allowedFrom(move.error);
  const failure = move.error ?? approve.error;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="review-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="review-title">
            Review
          </Title>
          <PostmortemBadge status={pm.status} />
        </Group>
        {pm.status === 'published' && pm.published_at !== null && (
          <Text size="sm">
            Published {new Date(pm.published_at).toLocaleString()}
            {pm.published_by !== null && ` by ${pm.published_by.name}`}. It is final and read-only.
          </Text>
        )}
        <Reviewers pm={pm} />
        {canAct && <RequestReviewers pm={pm} dirty={dirty} />}
        {canAct && mine !== undefined && mine.approved_at === null && (
          <Button
            variant="light"
            onClick={() => approve.mutate(undefined)}
            loading={approve.isPending}
            // Unsaved edits here would be refused once the approval raises the revision.
            disabled={pm.status !== 'in_review' || dirty}
          >
            {pm.status === 'in_review' ? 'Approve' : 'Approve (once it is in review)'}
          </Button>
        )}
        {canAct && (
          <Group gap="xs">
            {pm.status === 'draft' && (
              <Button onClick={() => move.mutate('in_review')} loading={move.isPending} disabled={dirty}>
                Send for review
              </Button>
            )}
            {pm.status === 'in_review' && (
              <Button variant="default" onClick={() => move.mutate('draft')} disabled={dirty}>
                Back to draft
              </Button>
            )}
            <Tooltip label={blocker ?? ''} disabled={blocker === null} multiline w={240}>
              {/* A disabled button gets no pointer events: the wrapper shows the reason on hover. */}
              <span>
                <Button
                  color="green.8"
                  onClick={() => move.mutate('published')}
                  loading={move.isPending}
                  disabled={blocker !== null}
                >
                  Publish
                </Button>
              </span>
            </Tooltip>
          </Group>
        )}
        {canAct && blocker !== null && (
          <Text size="sm" c="gray.8" data-testid="publish-blocker">
            Publishing: {blocker}
          </Text>
        )}
        {failure !== null && (
          <Alert color="red" role="alert" title="The server refused">
            {failure.message}
            {allowed !== undefined && (
              <Text size="sm" mt={4}>
                Allowed moves now:{' '}
                {allowed.length === 0
                  ? 'none'
                  : allowed.map((s) => STATUS_LABEL[s as Status] ?? s).join(', ')}
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function Reviewers({ pm }: { pm: PostmortemView }) {
  if (pm.reviewers.length === 0) return <Text size="sm">No reviewers requested yet.</Text>;
  return (
    <List size="sm" spacing={4} aria-label="Reviewers">
      {pm.reviewers.map((r) => (
        <List.Item key={r.user.id}>
          {r.user.name}:{' '}
          {r.approved_at === null ? 'waiting' : `approved ${new Date(r.approved_at).toLocaleString()}`}
        </List.Item>
      ))}
    </List>
  );
}

function RequestReviewers({ pm, dirty }: { pm: PostmortemView; dirty: boolean }) {
  const people = usePeople();
  const [chosen, setChosen] = useState<string[]>([]);
  const request = usePostmortemWrite(pm.id, (ids: string[]) => [
    'POST',
    `${pmPath(pm.id)}/reviewers`,
    { user_ids: ids },
  ]);
  const asked = new Set(pm.reviewers.map((r) => r.user.id));
  const options = choosable(people.data?.data)
    .filter((u) => u.role !== 'viewer' && !asked.has(u.id))
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Stack gap={4}>
      <MultiSelect
        label="Request reviewers"
        placeholder={chosen.length === 0 ? 'Pick people' : undefined}
        data={options}
        value={chosen}
        onChange={setChosen}
        searchable
        error={request.error?.message}
      />
      <Button
        variant="default"
        // Asking raises the revision unsaved edits are based on: save them first.
        disabled={chosen.length === 0 || dirty}
        loading={request.isPending}
        onClick={() => request.mutate(chosen, { onSuccess: () => setChosen([]) })}
      >
        Request review
      </Button>
    </Stack>
  );
}
