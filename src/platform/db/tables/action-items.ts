/**
 * Action items (src/action-items, issue 19): an incident's follow-ups, tracked to done, and the
 * days their owner was reminded that one is overdue. Times are ms; dates are `YYYY-MM-DD`.
 */
export interface ActionItemTables {
  action_items: ActionItemsTable;
  action_item_reminders: ActionItemRemindersTable;
  ticket_trackers: TicketTrackersTable;
}

export type ActionItemPriority = 'high' | 'medium' | 'low';
export type ActionItemStatus = 'open' | 'in_progress' | 'done' | 'wont_do';

export interface ActionItemsTable {
  id: string;
  /** The postmortem, if any, is the incident's (one per incident): found through this. */
  incident_id: string;
  title: string;
  /** Markdown. */
  description: string;
  /** Null once unassigned, or when the owner was deleted. */
  owner_id: string | null;
  /** A calendar day: overdue is judged against "today" in the owner's time zone. */
  due_date: string | null;
  priority: ActionItemPriority;
  status: ActionItemStatus;
  /** `user:<id>` or `system:<name>`. */
  created_by: string;
  created_at: number;
  updated_at: number;
  /** When it became done or wont_do; cleared when reopened. */
  completed_at: number | null;
  /** JSON `{kind: github|jira, key, url, state}` once pushed to a ticket tracker: what the API shows. */
  tracker: string | null;
  /** The tracker it was pushed to (or is being pushed to); null again if that tracker is deleted. */
  tracker_id: string | null;
  /** The issue's key lower-cased (`acme/web#12`, `ops-7`): what a tracker's webhook is matched by. */
  tracker_key: string | null;
  /** Set while a push is under way (the tracker is called outside any transaction). */
  tracker_claimed_at: number | null;
}

/** One row per item per owner's day on which the owner was reminded: the exactly-once guard. */
export interface ActionItemRemindersTable {
  action_item_id: string;
  day: string;
  sent_at: number;
}

export type TicketTrackerKind = 'github' | 'jira';

/** A GitHub repository or a Jira project action items are pushed to (src/action-items/trackers). */
export interface TicketTrackersTable {
  id: string;
  name: string;
  kind: TicketTrackerKind;
  /** GitHub's API (`https://api.github.com`, or an Enterprise server's `/api/v3`); Jira's site URL. */
  base_url: string;
  /** GitHub `owner/repo`; Jira project key. */
  project: string;
  /** Jira's issue type name (`Task`); null for GitHub. */
  issue_type: string | null;
  /** Jira Cloud basic auth: the account's email (the token is its API token); null for GitHub. */
  email: string | null;
  /** JSON array of GitHub labels set on every issue pushed. */
  labels: string;
  /** Encrypted (`enc1.`, context `ticket_tracker:<id>:token`). */
  token: string;
  /** Encrypted (`enc1.`, context `ticket_tracker:<id>:webhook_secret`): verifies webhook HMACs. */
  webhook_secret: string;
  created_at: number;
  updated_at: number;
}
