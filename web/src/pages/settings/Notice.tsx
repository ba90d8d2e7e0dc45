import { Alert, type AlertProps } from '@mantine/core';

/**
 * A green or yellow light alert with its title in the text colour: Mantine's title shade on the
 * tinted background is below AA contrast for these two colours (even the darkest, green 9).
 */
export function Notice({ color, ...props }: AlertProps & { color: 'green' | 'yellow' }) {
  return <Alert color={color} styles={{ title: { color: 'var(--mantine-color-text)' } }} {...props} />;
}
