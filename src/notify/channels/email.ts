import nodemailer from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import {
  CONFIRMATION_NOTE,
  incidentFacts,
  informationalIntro,
  informationalNote,
  isInformational,
  messageTitle,
  oneLine,
  renderText,
  summaryOf,
  truncate,
} from '../render.ts';
import { failure } from './http.ts';
import type { NotifyConfig } from '../../platform/config.ts';
import type { ChannelProvider, PageIncident, PageMessage, SendResult } from './types.ts';

/**
 * Email over SMTP (nodemailer, TOCSIN_SMTP_URL). One transport per URL is kept: building one parses
 * the URL and options, and the engine sends many messages through the same server.
 */

const transports = new Map<string, nodemailer.Transporter<SMTPTransport.SentMessageInfo>>();

function transportFor(url: string, timeoutMs: number) {
  let t = transports.get(url);
  if (!t) {
    // nodemailer's defaults wait minutes on a dead server; an attempt must end near the timeout.
    t = nodemailer.createTransport({
      url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    transports.set(url, t);
  }
  return t;
}

/** For shutdown and tests: closes and forgets every cached transport. */
export function closeEmailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

const SEVERITY_COLOR: Record<string, string> = {
  critical: '#d32f2f',
  error: '#f57c00',
  warning: '#fbc02d',
  info: '#1976d2',
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function link(href: string, text: string, style = ''): string {
  return `<a href="${escapeHtml(href)}"${style ? ` style="${style}"` : ''}>${escapeHtml(text)}</a>`;
}

const BUTTON =
  'display:inline-block;padding:6px 12px;margin:0 6px 6px 0;border-radius:4px;text-decoration:none;';

function incidentHtml(i: PageIncident): string {
  const color = SEVERITY_COLOR[i.severity] ?? '#9e9e9e';
  const rows = incidentFacts(i)
    .map(
      (f) =>
        `<tr><th align="left" style="padding-right:12px">${f.label}</th><td>${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  const buttons = [
    link(i.acknowledgeUrl, 'Acknowledge', `${BUTTON}background:#1976d2;color:#fff`),
    link(i.resolveUrl, 'Resolve', `${BUTTON}background:#388e3c;color:#fff`),
    link(i.url, 'Open incident', `${BUTTON}border:1px solid #999;color:#333`),
    ...(i.runbookUrl ? [link(i.runbookUrl, 'Runbook', `${BUTTON}border:1px solid #999;color:#333`)] : []),
  ].join(' ');
  return [
    `<div style="border-left:4px solid ${color};padding:8px 12px;margin:16px 0">`,
    `<h2 style="margin:0 0 8px;font-size:18px">${link(i.url, `${i.ref}: ${oneLine(i.title)}`)}</h2>`,
    `<p style="white-space:pre-wrap;margin:0 0 8px">${escapeHtml(summaryOf(i))}</p>`,
    `<table style="margin:0 0 12px">${rows}</table>`,
    `<p style="margin:0">${buttons}</p>`,
    `</div>`,
  ].join('\n');
}

/** An update or reminder: the text, then the incident's facts and a link to it; no action buttons. */
function informationalHtml(m: PageMessage): string {
  const blocks = m.incidents.map((i) => {
    const color = SEVERITY_COLOR[i.severity] ?? '#9e9e9e';
    const rows = incidentFacts(i, m.kind)
      .map(
        (f) =>
          `<tr><th align="left" style="padding-right:12px">${f.label}</th><td>${escapeHtml(f.value)}</td></tr>`,
      )
      .join('');
    return [
      `<div style="border-left:4px solid ${color};padding:8px 12px;margin:16px 0">`,
      `<h2 style="margin:0 0 8px;font-size:18px">${link(i.url, `${i.ref}: ${oneLine(i.title)}`)}</h2>`,
      `<table style="margin:0 0 12px">${rows}</table>`,
      `<p style="margin:0">${link(i.url, 'Open incident', `${BUTTON}border:1px solid #999;color:#333`)}</p>`,
      `</div>`,
    ].join('\n');
  });
  return [
    '<!doctype html>',
    '<html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222">',
    `<p><strong>${escapeHtml(informationalIntro(m))}</strong></p>`,
    `<p style="white-space:pre-wrap">${escapeHtml(m.text ?? '')}</p>`,
    ...blocks,
    `<p style="color:#666;font-size:12px">Tocsin. ${escapeHtml(informationalNote(m))}</p>`,
    '</body></html>',
  ].join('\n');
}

export function renderHtml(m: PageMessage): string {
  if (isInformational(m)) return informationalHtml(m);
  const intro =
    m.kind === 'bundle'
      ? `${m.incidents.length} incidents need you, ${m.recipient.name}.`
      : `${m.recipient.name}, you are being paged.`;
  return [
    '<!doctype html>',
    '<html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222">',
    `<p>${escapeHtml(intro)}</p>`,
    ...m.incidents.map(incidentHtml),
    `<p style="color:#666;font-size:12px">Tocsin. ${escapeHtml(CONFIRMATION_NOTE)}</p>`,
    '</body></html>',
  ].join('\n');
}

/** Message-ID allows only RFC 5322 atext and dots on the left of the @; anything else becomes `-`. */
function messageIdFor(key: string): string {
  return `<${key.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-')}@tocsin>`;
}

/** 4xx replies are "try again later" by SMTP's own definition; 5xx are permanent. */
function smtpFailure(err: unknown): SendResult {
  const e = err as SMTPConnection.SMTPError;
  const message = truncate(oneLine(e instanceof Error ? e.message : String(err)), 200);
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (code !== null) return failure(`SMTP ${code}: ${message}`, code >= 400 && code < 500, code);
  // Nothing was answered: a refused or dropped connection or a timeout, unless nodemailer itself
  // refused the message or envelope, which is the same next time.
  const permanent = e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
  return failure(`SMTP error: ${message}`, !permanent);
}

/** Settles with the send, or rejects when the attempt's signal fires first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('timed out'));
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A mail that is not about an incident (status-page subscribers, src/status-page/subscribers). */
export interface OtherMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Becomes the Message-ID, so receivers can drop a repeat of a retried attempt. */
  idempotencyKey: string;
  headers: Record<string, string>;
}

/** Sends `mail` through the same transports as pages, with the same timeout and failure mapping. */
export async function sendOtherMail(
  config: Pick<NotifyConfig, 'smtpUrl' | 'smtpFrom' | 'timeoutMs'>,
  mail: OtherMail,
  signal: AbortSignal,
  now: number,
): Promise<SendResult> {
  const { smtpUrl, smtpFrom, timeoutMs } = config;
  if (!smtpUrl) return failure('email is not configured: set TOCSIN_SMTP_URL', false);
  if (!/^[^\s@]+@[^\s@]+$/.test(mail.to)) return failure('invalid email address', false);
  if (signal.aborted) return failure('SMTP error: timed out', true);
  try {
    const info = await untilAborted(
      transportFor(smtpUrl, timeoutMs).sendMail({
        from: smtpFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(mail.idempotencyKey),
        date: new Date(now),
        headers: mail.headers,
      }),
      signal,
    );
    const code = /^(\d{3})/.exec(info.response)?.[1];
    return { ok: true, responseCode: code ? Number(code) : null, error: null, retryable: false };
  } catch (err) {
    return smtpFailure(err);
  }
}

export const emailProvider = {
  type: 'email',
  async send(message, address, ctx) {
    const { smtpUrl, smtpFrom, timeoutMs } = ctx.config;
    if (!smtpUrl) return failure('email is not configured: set TOCSIN_SMTP_URL', false);
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) return failure('invalid email address', false);
    if (ctx.signal.aborted) return failure('SMTP error: timed out', true);
    // Only a page is urgent: an update is read when convenient.
    const urgent = !isInformational(message) && message.incidents.some((i) => i.urgency === 'high');
    try {
      const info = await untilAborted(
        transportFor(smtpUrl, timeoutMs).sendMail({
          from: smtpFrom,
          to: address,
          subject: messageTitle(message),
          text: renderText(message),
          html: renderHtml(message),
          messageId: messageIdFor(message.idempotencyKey),
          date: new Date(ctx.now()),
          priority: urgent ? 'high' : 'normal',
          headers: {
            // RFC 3834: stops vacation auto-replies from answering a page.
            'Auto-Submitted': 'auto-generated',
            'X-Tocsin-Incidents': message.incidents.map((i) => i.ref).join(', '),
          },
        }),
        ctx.signal,
      );
      const code = /^(\d{3})/.exec(info.response)?.[1];
      return { ok: true, responseCode: code ? Number(code) : null, error: null, retryable: false };
    } catch (err) {
      return smtpFailure(err);
    }
  },
} satisfies ChannelProvider;
