import { Button, Group } from '@mantine/core';

/**
 * Previous/next over an API cursor list. The cursors walked so far are the page's history
 * (kept in the URL by the caller), so "previous" drops the last one.
 */
export function Pager({
  cursors,
  nextCursor,
  onChange,
}: {
  cursors: string[];
  nextCursor: string | null;
  onChange: (cursors: string[]) => void;
}) {
  return (
    <Group>
      {cursors.length > 0 && (
        <Button variant="default" onClick={() => onChange(cursors.slice(0, -1))}>
          Previous page
        </Button>
      )}
      {nextCursor !== null && (
        <Button variant="default" onClick={() => onChange([...cursors, nextCursor])}>
          Next page
        </Button>
      )}
    </Group>
  );
}
