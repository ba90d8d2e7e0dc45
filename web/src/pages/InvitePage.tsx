import { Alert, Button, Center, Loader, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { fieldErrors } from '../form-errors.ts';
import { ME_KEY } from '../session.tsx';
import type { UserView } from '../types.ts';

/**
 * The page of an invite link (/invite/:token, made by an admin on the people page): the invited
 * person chooses a password and is logged in. Public: the token is the credential. It goes to
 * the API in request bodies only, so API logs never hold it (the page's own URL is redacted).
 */
export function InvitePage() {
  const token = useParams().token ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () =>
      api<{ name: string; email: string; expires_at: string }>('POST', '/auth/invites/look-up', { token }),
    retry: false,
  });
  const accept = useMutation({
    mutationFn: () => api<{ user: UserView }>('POST', '/auth/invites/accept', { token, password }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
      void navigate('/now', { replace: true });
    },
  });
  const { byField, other } = fieldErrors(accept.error, ['password'] as const);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== again);
    if (password === again) accept.mutate();
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={420}>
        <Stack>
          <Title order={1} size="h2">
            Welcome to Tocsin
          </Title>
          {invite.isPending && <Loader aria-label="Loading the invite" />}
          {invite.isError && (
            <Alert color="red" role="alert" title="This invite link cannot be used">
              {invite.error.message}
            </Alert>
          )}
          {invite.data && (
            <form onSubmit={submit} aria-label="Choose your password">
              <Stack>
                <Text>
                  {invite.data.name} ({invite.data.email}), choose a password to finish setting up your
                  account.
                </Text>
                {other !== undefined && (
                  <Alert color="red" role="alert" title="Could not set the password">
                    {other}
                  </Alert>
                )}
                {/* For password managers: the account the new password belongs to. */}
                <input type="hidden" autoComplete="username" value={invite.data.email} readOnly />
                <PasswordInput
                  label="New password (at least 12 characters)"
                  autoComplete="new-password"
                  required
                  value={password}
                  error={byField.password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                <PasswordInput
                  label="New password again"
                  autoComplete="new-password"
                  required
                  value={again}
                  error={mismatch ? 'The two passwords differ' : undefined}
                  onChange={(e) => setAgain(e.currentTarget.value)}
                />
                <Button type="submit" loading={accept.isPending} fullWidth>
                  Set password and log in
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
