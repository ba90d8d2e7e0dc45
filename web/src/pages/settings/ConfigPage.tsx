import { Alert, Button, Checkbox, FileInput, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api.ts';
import type { PlanView as Plan } from '../../types.ts';
import { Problem, Section } from '../profile/parts.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import { ApplyConfig, type ConfigInput } from './ApplyConfig.tsx';
import { ExportConfig } from './ExportConfig.tsx';

/** One problem of a bad file, as the API lists them (src/config/load.ts ConfigProblem). */
interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

/** The problems of a 400 for a bad file, each `file:line:column path: message`; [] for any other error. */
function problemsOf(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const problems = error.details.problems;
  if (!Array.isArray(problems)) return [];
  return (problems as ConfigProblem[]).map(
    (p) => `${p.file}:${p.line}:${p.column} ${p.path ? `${p.path}: ` : ''}${p.message}`,
  );
}

export function ConfigPage() {
  return (
    <AdminOnly>
      <Stack gap="xl" maw={960}>
        <div>
          <Title order={1}>Configuration as code</Title>
          <Text c="gray.7">
            Teams, people, schedules, escalation policies, services and silences as one tocsin.yaml, the file
            the tocsin plan and tocsin apply commands read.
          </Text>
        </div>
        <Section
          id="export-title"
          title="Export"
          intro="The current configuration; applying it changes nothing."
        >
          <ExportConfig />
        </Section>
        <Section
          id="plan-title"
          title="Plan and apply"
          intro="Choose a file or paste its text to see what applying it would change. Nothing changes until you apply."
        >
          <PlanForm />
        </Section>
      </Stack>
    </AdminOnly>
  );
}

/**
 * The text to plan (a chosen file's content lands in the text area, where it can be edited),
 * then its plan. The plan belongs to the exact text planned: editing the text hides it and its
 * Apply button until it is planned again, so what is applied is what the plan showed.
 */
function PlanForm() {
  const [draft, setDraft] = useState<ConfigInput>({ name: 'tocsin.yaml', content: '', prune: false });
  const [planned, setPlanned] = useState<{ input: ConfigInput; plan: Plan } | undefined>();
  const [readError, setReadError] = useState<string | undefined>();
  const plan = useMutation({
    mutationFn: (input: ConfigInput) =>
      api<Plan>('POST', '/config/plan', {
        files: [{ name: input.name, content: input.content }],
        prune: input.prune,
      }),
    onSuccess: (answer, input) => setPlanned({ input, plan: answer }),
  });
  const edit = (next: Partial<ConfigInput>) => {
    setDraft((d) => ({ ...d, ...next }));
    setPlanned(undefined);
    plan.reset();
  };
  const choose = (file: File | null) => {
    setReadError(undefined);
    if (file === null) return;
    file.text().then(
      (content) => edit({ name: file.name, content }),
      () => setReadError(`Could not read ${file.name}.`),
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    plan.mutate(draft);
  };
  const problems = problemsOf(plan.error);

  return (
    <Stack gap="md">
      <form onSubmit={submit} aria-label="Plan a configuration">
        <Stack gap="sm">
          <FileInput
            label="tocsin.yaml file"
            placeholder="Choose a file"
            accept=".yaml,.yml,application/yaml,text/yaml"
            onChange={choose}
            error={readError}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          />
          <Textarea
            label={`Configuration (${draft.name})`}
            value={draft.content}
            onChange={(e) => edit({ content: e.currentTarget.value })}
            autosize
            minRows={8}
            maxRows={24}
            spellCheck={false}
            // Every problem of a bad file, one per line, where the text is.
            error={problems.length > 0 ? problems.join('\n') : undefined}
            styles={{
              input: { fontFamily: 'monospace' },
              error: { whiteSpace: 'pre-line', overflowWrap: 'anywhere' },
            }}
          />
          <Checkbox
            label="Also delete what the file does not list (prune)"
            checked={draft.prune}
            onChange={(e) => edit({ prune: e.currentTarget.checked })}
          />
          {problems.length === 0 && <Problem title="Could not plan the configuration" error={plan.error} />}
          <Group>
            <Button
              type="submit"
              variant="default"
              loading={plan.isPending}
              disabled={draft.content.trim() === ''}
            >
              Show plan
            </Button>
          </Group>
        </Stack>
      </form>
      {problems.length > 0 && (
        <Alert
          color="red"
          role="alert"
          title={`The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}`}
        >
          Nothing was changed. Each problem is listed under the text, at its file:line:column.
        </Alert>
      )}
      {planned && <ApplyConfig input={planned.input} plan={planned.plan} />}
    </Stack>
  );
}
