/**
 * Action items (src/action-items, issue 19): an incident's follow-ups, tracked to done, and the
 * days their owner was reminded that one is overdue. Times are ms; dates are `YYYY-MM-DD`.
 */
export interface ActionItemTables {
  action_items: ActionItemsTable;
  action_item_reminders: ActionItemRemindersTable;
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
  /** JSON `{kind: github|jira, key, url, state}` once pushed to a ticket tracker (a later part). */
  tracker: string | null;
}

/** One row per item per owner's day on which the owner was reminded: the exactly-once guard. */
export interface ActionItemRemindersTable {
  action_item_id: string;
  day: string;
  sent_at: number;
}
