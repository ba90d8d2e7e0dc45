/** Runbooks (src/runbooks, issue 22): versioned Markdown matched to alerts. Times are ms. */
export interface RunbookTables {
  runbooks: RunbooksTable;
  runbook_versions: RunbookVersionsTable;
  runbook_services: RunbookServicesTable;
  runbook_steps: RunbookStepsTable;
  runbook_secrets: RunbookSecretsTable;
  runbook_runs: RunbookRunsTable;
  runbook_switches: RunbookSwitchesTable;
  runbook_feedback: RunbookFeedbackTable;
}

export interface RunbooksTable {
  id: string;
  title: string;
  /** Null when the team was deleted: then admins own it. */
  owner_team_id: string | null;
  /** JSON array of strings. */
  tags: string;
  /** Markdown: the current version's text. */
  body: string;
  /** The current version's number (1, 2, ...): `runbook_versions` holds every one. */
  version: number;
  /** JSON array of `{name, op, value}` label matchers (src/silences/matchers.ts). */
  matchers: string;
  /** JSON array of alert severities; empty for any. */
  severities: string;
  /** JSON array of alert sources; empty for any. */
  sources: string;
  review_interval_days: number;
  reviewed_at: number;
  /** `user:<id>` or `system:<name>` of the last review; null when never reviewed since creation. */
  reviewed_by: string | null;
  /** When the owner team was last reminded that the review is overdue. */
  review_reminded_at: number | null;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

export interface RunbookVersionsTable {
  runbook_id: string;
  version: number;
  title: string;
  body: string;
  tags: string;
  /** What the editor said of the change; may be empty. */
  note: string;
  edited_by: string;
  edited_at: number;
}

export interface RunbookServicesTable {
  runbook_id: string;
  service_id: string;
}

export type StepApproval = 'safe' | 'approval';

/** An automated step: an HTTP request whose URL, headers and body are `{{variable}}` templates. */
export interface RunbookStepsTable {
  id: string;
  runbook_id: string;
  /** Order within the runbook (0, 1, ...). */
  position: number;
  name: string;
  method: string;
  url: string;
  /** JSON array of `{name, value}`; values are templates. */
  headers: string;
  body: string | null;
  timeout_ms: number;
  /** Null: any 2xx counts as success. */
  expected_status: number | null;
  approval: StepApproval;
  /** Who may approve a step that needs approval: this role or above, and not who asked. */
  approver_role: 'responder' | 'admin';
  /** 0/1: run on its own when a matching alert fires (safe steps only). */
  auto_run: number;
  auto_run_per_hour: number;
  created_at: number;
  updated_at: number;
}

/** A value a step refers to as `{{secrets.name}}`; `value` is encrypted (`enc1.…`). */
export interface RunbookSecretsTable {
  name: string;
  value: string;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
}

export type RunStatus =
  | 'pending_approval'
  | 'queued'
  | 'claimed'
  | 'sending'
  | 'succeeded'
  | 'failed'
  | 'refused'
  | 'rejected'
  | 'cancelled'
  | 'interrupted';

/** One request to run a step on an incident, and what came of it. */
export interface RunbookRunsTable {
  id: string;
  runbook_id: string;
  step_id: string;
  incident_id: string;
  service_id: string;
  trigger: 'manual' | 'auto';
  status: RunStatus;
  requested_by: string;
  requested_at: number;
  /** Who approved or rejected it, or switched it off. */
  decided_by: string | null;
  decided_at: number | null;
  /** JSON: the incident, service, alert and labels the templates are filled from, as when asked. */
  vars: string;
  /** JSON: the request as people see it (secrets as `[secret:name]`). */
  request: string;
  /** When it became due (queued). */
  run_at: number | null;
  lease_owner: string | null;
  locked_until: number | null;
  started_at: number | null;
  finished_at: number | null;
  status_code: number | null;
  duration_ms: number | null;
  /** The first KB of the answer, secrets redacted; shown only to people who may run the step. */
  response: string | null;
  error: string | null;
}

export interface RunbookSwitchesTable {
  /** `global`, or a service id. */
  scope: string;
  engaged: number;
  reason: string;
  changed_by: string;
  changed_at: number;
}

/** Whether a runbook helped with an incident, as a responder said; the latest word is kept. */
export interface RunbookFeedbackTable {
  incident_id: string;
  runbook_id: string;
  /** 0/1. */
  helped: number;
  given_by: string;
  given_at: number;
}
