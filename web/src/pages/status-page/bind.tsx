import { Text } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { oneOf, statusOptions } from './model.ts';

/**
 * The status page's forms keep each field in a useState and show the API's message on it; these
 * give a field its value and change handler from that state, so a field is its label, its hints
 * and one spread rather than the same onChange written out again.
 */
type Typed = ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>;

/** A text box, text area or free select holding `value`. */
export const bindText = (value: string, set: (v: string) => void) => ({
  value,
  onChange: (e: Typed) => set(e.currentTarget.value),
});

/** A checkbox holding `checked`. */
export const bindCheck = (checked: boolean, set: (v: boolean) => void) => ({
  checked,
  onChange: (e: ChangeEvent<HTMLInputElement>) => set(e.currentTarget.checked),
});

/** A select offering `list` (by `labels`) and holding `value`, one of them. */
export const bindChoice = <S extends string>(
  list: readonly S[],
  labels: Record<S, string>,
  value: S,
  set: (v: S) => void,
) => ({
  data: statusOptions(list, labels),
  value,
  onChange: (e: ChangeEvent<HTMLSelectElement>) => set(oneOf(list, e.currentTarget.value, value)),
});

/** "Saved." once a form's save went through, read out by screen readers. */
export function Saved({ shown }: { shown: boolean }) {
  return shown ? (
    <Text role="status" size="sm">
      Saved.
    </Text>
  ) : null;
}
