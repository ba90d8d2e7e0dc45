import { formatDuration, formatTime, inlineText, markdownTable, requireZone } from '../format.ts';
import { type IncidentDurations, incidentDurations } from './durations.ts';
import type { FactsPerson, FactsRole, IncidentFacts } from './facts.ts';

export interface DraftSection {
  key: string;
  title: string;
  /** Markdown. */
  body: string;
}

export interface TemplateSection {
  key: string;
  title: string;
  guidance: string;
}

/**
 * The template's sections, in its order, each filled from the facts where Tocsin knows the
 * answer (summary, impact, timeline, detection, response, action items) and ending with the
 * section's guidance as an italic prompt where a person still has to write; the sections Tocsin
 * cannot know (root cause, lessons ...) are only their prompt. Pure: the same facts, template and
 * zone give the same text. Throws a RangeError on a zone luxon does not know.
 */
export function draftSections(
  facts: IncidentFacts,
  template: TemplateSection[],
  timeZone: string,
): DraftSection[] {
  const d = new Drafter(facts, requireZone(timeZone));
  return template.map((s) => ({ key: s.key, title: s.title, body: d.body(s) }));
}

/** A prompt line: the guidance, in italics, for the author to replace. */
function prompt(guidance: string): string {
  return guidance.trim() === '' ? '' : `_${inlineText(guidance)}_`;
}

function paragraphs(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}

/** `A`, `A and B`, `A, B and C`. */
function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

class Drafter {
  private readonly durations: IncidentDurations;
  constructor(
    private readonly facts: IncidentFacts,
    private readonly zone: string,
  ) {
    this.durations = incidentDurations(facts);
  }

  body(s: TemplateSection): string {
    switch (s.key) {
      case 'summary':
        return paragraphs(this.summary(), prompt(s.guidance));
      case 'impact':
        return paragraphs(this.impact(), prompt(s.guidance));
      case 'timeline':
        return this.timeline();
      case 'detection':
        return paragraphs(this.detection(), prompt(s.guidance));
      case 'response':
        return paragraphs(this.response(), prompt(s.guidance));
      case 'action_items':
        return this.actionItems(s.guidance);
      default:
        return prompt(s.guidance);
    }
  }

  /** The items already written on the incident, as a table; else a list to start. */
  private actionItems(guidance: string): string {
    const items = this.facts.action_items;
    // A blank line first: a lone `-` right under a paragraph would make it a heading.
    if (items.length === 0) return paragraphs(prompt(guidance), '-');
    const table = markdownTable(
      ['Action item', 'Owner', 'Due', 'Priority', 'Status'],
      items.map((a) => [
        inlineText(a.title),
        a.owner === null ? '_nobody yet_' : inlineText(a.owner),
        a.due_date ?? '-',
        a.priority,
        a.status.replace('_', ' '),
      ]),
    );
    return paragraphs(table, prompt(guidance));
  }

  private time(ms: number): string {
    return formatTime(ms, this.zone);
  }

  private services(): string {
    return listing(this.facts.services.map(inlineText));
  }

  private summary(): string {
    const i = this.facts.incident;
    const services = this.facts.services.length === 0 ? '' : ` affecting ${this.services()}`;
    const opened = `${i.origin === 'declared' ? 'It was declared' : 'It was opened by an alert'} at ${this.time(i.created_at)} (${this.zone})`;
    const end =
      i.resolved_at === null
        ? ` and is still ${i.status}.`
        : ` and resolved at ${this.time(i.resolved_at)}, ${formatDuration(i.resolved_at - i.created_at)} later.`;
    return paragraphs(
      `**INC-${i.number}: ${inlineText(i.title)}** was a ${i.severity} incident${services}.`,
      opened + end,
      i.description.trim(),
    );
  }

  private impact(): string {
    const i = this.facts.incident;
    const duration =
      i.resolved_at === null
        ? `ongoing since ${this.time(i.created_at)} (still ${i.status})`
        : `${formatDuration(i.resolved_at - i.created_at)}, from ${this.time(i.created_at)} (opened) to ${this.time(i.resolved_at)} (resolved)`;
    const lines = [`- **Duration:** ${duration}`];
    if (i.mitigated_at !== null) {
      lines.push(
        `- **Impact stopped (mitigated):** ${this.time(i.mitigated_at)}, ${formatDuration(i.mitigated_at - i.created_at)} after it opened`,
      );
    }
    lines.push(
      `- **Services affected:** ${this.facts.services.map(inlineText).join(', ')}`,
      '- **Users affected:** _how many, which ones, and what they could not do_',
      '- **SLA/SLO breach:** _which objective, and by how much_',
      '- **Revenue impact:** _if known_',
    );
    return lines.join('\n');
  }

  private timeline(): string {
    return markdownTable(
      [`Time (${this.zone})`, 'Event'],
      this.facts.events.map((e) => [this.time(e.at), inlineText(e.text)]),
    );
  }

  private detection(): string {
    const i = this.facts.incident;
    const { alerts, alert_count: count } = this.facts;
    const first = alerts[0];
    const detect = this.durations.detect_ms;
    const lines = [
      detect === null || first === undefined
        ? '- **Time to detect:** not measured: no alert started before the incident opened'
        : `- **Time to detect:** ${formatDuration(detect)}, from the first alert's start (${this.time(first.started_at)}) to the incident opening (${this.time(i.created_at)})`,
      first === undefined
        ? '- **Detected by:** a person who declared it; no alert is linked'
        : `- **Detected by:** ${count === 1 ? 'an alert' : `${count} alerts`}, the first: ${inlineText(first.summary)} (${inlineText(first.source)}, ${first.severity})`,
    ];
    if (alerts.length === 0) return lines.join('\n');
    const more = count > alerts.length ? `, the first ${alerts.length} shown` : '';
    return paragraphs(
      lines.join('\n'),
      `Linked alerts (${count}${more}):`,
      markdownTable(
        [`Started (${this.zone})`, 'Alert', 'Source', 'Severity', 'Status'],
        alerts.map((a) => [
          this.time(a.started_at),
          inlineText(a.summary),
          inlineText(a.source),
          a.severity,
          a.status,
        ]),
      ),
    );
  }

  private response(): string {
    const i = this.facts.incident;
    const { acknowledge_ms, mitigate_ms, resolve_ms } = this.durations;
    const measure = (label: string, ms: number | null, at: number | null, what: string) =>
      ms === null || at === null
        ? `- **${label}:** not recorded: it was not marked ${what}`
        : `- **${label}:** ${formatDuration(ms)} (${what} at ${this.time(at)})`;
    const durations = [
      measure('Time to acknowledge', acknowledge_ms, i.acknowledged_at, 'acknowledged'),
      measure('Time to mitigate', mitigate_ms, i.mitigated_at, 'mitigated'),
      measure('Time to resolve', resolve_ms, i.resolved_at, 'resolved'),
    ].join('\n');
    const people = this.facts.people.map((p) => `- **${inlineText(p.name)}**: ${this.roles(p)}`);
    return paragraphs(
      durations,
      'People involved:',
      people.length === 0 ? '_Nobody acted on the incident in Tocsin._' : people.join('\n'),
    );
  }

  private roles(p: FactsPerson): string {
    if (p.roles.length === 0) return 'took part without a role';
    const one = (r: FactsRole) =>
      r.ended_at === null
        ? `${inlineText(r.name)} (from ${this.time(r.assigned_at)})`
        : `${inlineText(r.name)} (${this.time(r.assigned_at)} to ${this.time(r.ended_at)})`;
    return p.roles.map(one).join(', ');
  }
}
