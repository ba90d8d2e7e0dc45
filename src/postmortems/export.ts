import { extraServicesOf, serviceNames } from '../incidents/repository.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { incidentPageUrl } from '../platform/http/page-urls.ts';
import { loadIncident, loadPostmortem } from './common.ts';
import { incidentDurations, loadIncidentFacts } from './draft/index.ts';
import { renderPrintableHtml } from './export/html.ts';
import { type PostmortemDocument, renderMarkdown } from './export/markdown.ts';
import { presentPostmortem } from './presenter.ts';

/** The postmortem as the document the exports render: names, not ids, and the incident's durations. */
export async function postmortemDocument(
  db: Queryable,
  id: string,
  publicUrl: string,
): Promise<PostmortemDocument> {
  const view = await presentPostmortem(db, await loadPostmortem(db, id));
  const incident = await loadIncident(db, view.incident.id);
  const others = (await extraServicesOf(db, [incident.id])).get(incident.id) ?? [];
  const services = (await serviceNames(db, [incident.service_id, ...others])).sort();
  return {
    title: view.title,
    status: view.status,
    incident: {
      number: incident.number,
      title: incident.title,
      severity: incident.severity,
      services,
      url: incidentPageUrl(publicUrl, view.incident.ref),
    },
    time_zone: view.time_zone,
    owner: view.owner?.name ?? null,
    reviewers: view.reviewers.map((r) => ({ name: r.user.name, approved: r.approved_at !== null })),
    published_at: view.published_at === null ? null : Date.parse(view.published_at),
    tags: view.tags,
    sections: view.sections,
    durations: incidentDurations(await loadIncidentFacts(db, incident.id)),
  };
}

export async function exportMarkdown(db: Queryable, id: string, publicUrl: string): Promise<string> {
  return renderMarkdown(await postmortemDocument(db, id, publicUrl));
}

export async function exportHtml(db: Queryable, id: string, publicUrl: string): Promise<string> {
  return renderPrintableHtml(await postmortemDocument(db, id, publicUrl));
}
