import { Alert, Button, List, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { Problem } from '../profile/parts.tsx';
import type { ExportView } from '../../types.ts';

/** Hands the browser a text as a file download (a real file, saved where downloads go). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download; the URL is no longer needed once it has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Download tocsin.yaml": GET /api/v1/config/export, which re-applies as a no-op. */
export function ExportConfig() {
  const exported = useMutation({
    mutationFn: () => api<ExportView>('GET', '/config/export'),
    onSuccess: (answer) => download('tocsin.yaml', answer.yaml),
  });
  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="default" loading={exported.isPending} onClick={() => exported.mutate()}>
        Download tocsin.yaml
      </Button>
      <Problem title="Could not export the configuration" error={exported.error} />
      {exported.data && exported.data.skipped.length > 0 && (
        <Alert color="yellow" title="Left out of the file">
          <List size="sm">
            {exported.data.skipped.map((s) => (
              <List.Item key={s}>{s}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
