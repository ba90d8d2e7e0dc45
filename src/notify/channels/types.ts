import type { NotifyConfig } from '../../platform/config.ts';
import type { ContactMethodType } from '../../platform/db/tables/users.ts';
import type { OutboundPolicy } from '../../platform/outbound/address.ts';

/**
 * What one message to one person says. A page names one incident; a bundle (the throttle
 * folded several pages to the same person into one message) names several. An update (a status
 * update to a subscriber) and a reminder (an update is overdue, to the commander and comms lead)
 * name one incident and carry `text`, as does an action-item reminder (one of the incident's
 * follow-ups is overdue, to its owner); they ask for no action, so they show no acknowledge or
 * resolve links.
 */
export interface PageMessage {
  kind: MessageKind;
  /** Sent with every attempt (header, Message-ID, Twilio idempotency token) so receivers can drop repeats. */
  idempotencyKey: string;
  recipient: { userId: string; name: string; email: string; timeZone: string };
  incidents: PageIncident[];
  /** When Tocsin created the message (epoch ms). */
  at: number;
  /** The update's or reminder's text; absent on pages and bundles. */
  text?: string;
}

export type MessageKind = 'page' | 'bundle' | 'update' | 'reminder' | 'action_item' | 'postmortem';

export interface PageIncident {
  id: string;
  /** `INC-42`. */
  ref: string;
  title: string;
  status: string;
  /** Highest severity of its alerts: critical, error, warning, info. */
  severity: string;
  /** The incident's severity, SEV1..SEV4. */
  sev: string;
  /** Its chat channel name, `inc-YYYYMMDD-<service>` (empty for incidents from before it existed). */
  slug: string;
  urgency: 'high' | 'low';
  service: { id: string; name: string };
  /** The newest alert's summary. */
  summary: string;
  runbookUrl: string | null;
  /** The incident in Tocsin (API/UI). */
  url: string;
  /** Signed links that work without logging in: GET shows a confirmation page, POST acts. */
  acknowledgeUrl: string;
  resolveUrl: string;
  /** One signed link offering both actions (the page has a button for each): what SMS carries. */
  respondUrl: string;
  createdAt: number;
}

export interface SendContext {
  config: NotifyConfig;
  /**
   * The contact method's own signing secret for generic webhooks (`Tocsin-Signature`); empty for
   * other channels. Never the server secret: a receiver must not hold anything that works elsewhere.
   */
  secret: string;
  /** During a rotation's overlap, the old secret, which signs too. */
  previousSecret?: string | undefined;
  /** Aborts the attempt at the configured timeout. */
  signal: AbortSignal;
  now: () => number;
  /** Where HTTP channels may connect: every request goes through src/platform/outbound. */
  outbound: OutboundPolicy;
}

export interface SendResult {
  ok: boolean;
  /** HTTP status (or SMTP reply code) when the receiver answered. */
  responseCode: number | null;
  /** What went wrong, for the attempt log and the timeline. */
  error: string | null;
  /** False when retrying cannot help (bad address, channel not configured): fall through at once. */
  retryable: boolean;
}

/** One file per provider under src/notify/channels/, registered in index.ts. */
export interface ChannelProvider {
  type: ContactMethodType;
  send(message: PageMessage, address: string, ctx: SendContext): Promise<SendResult>;
}
