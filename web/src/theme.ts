import { createTheme } from '@mantine/core';

/**
 * Colours dark enough for WCAG AA text contrast (axe runs on every page in the e2e tests), and a
 * focus ring on every focusable element, mouse or keyboard: a responder on a phone or keyboard
 * must always see where they are.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  focusRing: 'always',
  defaultRadius: 'sm',
});
