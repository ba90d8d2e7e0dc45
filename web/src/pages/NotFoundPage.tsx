import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Text>
        There is nothing here. Go to the{' '}
        <Anchor component={Link} to="/incidents">
          incidents
        </Anchor>
        .
      </Text>
    </Stack>
  );
}
