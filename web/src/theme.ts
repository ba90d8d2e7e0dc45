import { Alert, Button, createTheme, Input, InputWrapper, NavLink } from '@mantine/core';

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
  // autoContrast puts black text on colours lighter than this: at Mantine's 0.3 the orange and
  // green status badges got white text below AA (3.6:1); at 0.2 every status colour passes.
  luminanceThreshold: 0.2,
  components: {
    // Mantine's dimmed gray for a field's description is below AA on white, and so is its red
    // (red.6, 3.3:1) for a field's error message.
    InputWrapper: InputWrapper.extend({
      styles: {
        description: { color: 'var(--mantine-color-gray-7)' },
        error: { color: 'var(--mantine-color-red-8)' },
      },
    }),
    // A field in error writes what was typed in that same red (red.6, 3.3:1 on white). The typed
    // text keeps the text colour; the red border and the message below say what is wrong.
    Input: Input.extend({
      styles: (_theme, props) =>
        props.error === undefined || props.error === null || props.error === false
          ? {}
          : { input: { color: 'var(--mantine-color-text)' } },
    }),
    // A light alert's title takes its colour's darkest shade on a tint of the same colour: below
    // AA for orange, green and yellow (even shade 9). The title is in the text colour instead; the
    // tint still says which kind of alert it is. Filled alerts keep their contrasting title.
    Alert: Alert.extend({
      styles: (_theme, props) =>
        props.variant === undefined || props.variant === 'light'
          ? { title: { color: 'var(--mantine-color-text)' } }
          : {},
    }),
    // The current page's link is the primary colour's light shade on its tint: below AA once the
    // pointer darkens the tint (hover). The darkest indigo passes on both.
    // Light and subtle buttons (the status page's section tabs) write their colour's light shade
    // on its tint, which hovering darkens: below AA (axe flagged a hovered tab). Their text takes
    // the colour's darkest shade instead, on a hover tint light enough for it.
    Button: Button.extend({
      vars: (_theme, props) => {
        if (props.variant !== 'light' && props.variant !== 'subtle') return { root: {} };
        const c = (props.color ?? 'indigo').split('.')[0]!;
        const dark = `var(--mantine-color-${c}-9)`;
        // Mantine's hovered tint can be shade 2, where even shade 9 is 4.1:1; shade 1 keeps 5.3:1.
        return {
          root: {
            '--button-color': dark,
            '--button-hover-color': dark,
            '--button-hover': `var(--mantine-color-${c}-1)`,
          },
        };
      },
    }),
    NavLink: NavLink.extend({
      // The current page's link: indigo.9 on its tint is AA, but on the darker hover tint it is
      // 4.1:1, so hovering it keeps the tint (it is the page you are on: nothing to invite).
      vars: () => ({
        root: {
          '--nl-color': 'var(--mantine-color-indigo-9)',
          '--nl-hover': 'var(--mantine-color-indigo-light)',
        },
        children: {},
      }),
    }),
  },
});
