import type { SeverityName } from './severities.ts';

/**
 * Postmortems (src/postmortems, issue 19): templates, one postmortem per incident and the people
 * asked to review it. Booleans are 0/1 integers, JSON is text, times are ms.
 */
export interface PostmortemTables {
  postmortem_templates: PostmortemTemplatesTable;
  postmortems: PostmortemsTable;
  postmortem_reviewers: PostmortemReviewersTable;
  postmortem_reminders: PostmortemRemindersTable;
}

export type PostmortemStatus = 'draft' | 'in_review' | 'published';

export interface PostmortemTemplatesTable {
  id: string;
  /** Unique. */
  name: string;
  /** The severity it is for; null: any. A new postmortem takes its severity's template, else the default. */
  severity: SeverityName | null;
  /** JSON [{key, title, guidance}]: the sections a postmortem made from it starts with, in order. */
  sections: string;
  /** 0/1: the template used when the severity has none; exactly one template is the default. */
  is_default: number;
  created_at: number;
  updated_at: number;
}

export interface PostmortemsTable {
  id: string;
  /** Unique: one postmortem per incident (a merged incident shares its survivor's). */
  incident_id: string;
  /** The template it was made from; null once that template is deleted. */
  template_id: string | null;
  title: string;
  status: PostmortemStatus;
  /** JSON [{key, title, body}], body in Markdown. */
  sections: string;
  /** IANA zone the timeline's times and the due date's business days are in. */
  time_zone: string;
  /** JSON string[]: labels the library filters by. */
  tags: string;
  owner_id: string | null;
  /** Null until the incident resolves (the due date counts business days from the resolve). */
  due_at: number | null;
  /** Actor ref: `user:<id>` or `system:<name>`. */
  created_by: string;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  published_by: string | null;
  /** Raised by every change; an edit naming an older one (`if_revision`) is refused. */
  revision: number;
}

/** One person asked to review; approved_at is set when they approve (cleared when it goes back to draft). */
export interface PostmortemReviewersTable {
  postmortem_id: string;
  user_id: string;
  approved_at: number | null;
  requested_at: number;
}

/**
 * One row per reminder sent to a postmortem's owner: the exactly-once guard across engines.
 * `due_soon`: the day before it is due (day = the due day); `overdue`: once per owner's day after.
 */
export interface PostmortemRemindersTable {
  postmortem_id: string;
  kind: 'due_soon' | 'overdue';
  day: string;
  sent_at: number;
}
