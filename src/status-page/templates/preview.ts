import { requireRole } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import { ValidationError } from '../../platform/errors.ts';
import { findIncident } from '../../incidents/repository.ts';
import { incidentScope } from '../../teams/repository.ts';
import { componentsOfServices, findComponentsByIds } from '../components/repository.ts';
import { findPublicIncident, incidentComponents } from '../incidents/repository.ts';
import { type TemplateVars, clockTime, listNames, renderTemplate, startTime } from './render.ts';
import { serviceNames } from './repository.ts';
import type { RenderTemplateInput, RenderedTemplateView } from './schemas.ts';
import { getTemplate } from './write.ts';

/**
 * A template filled in for an incident, for the update form's preview: from a public incident
 * (its components and the services they stand for, when it started) or from an internal one (its
 * services and their components, when it opened). Reading only; responders, who post updates.
 */
export async function renderTemplateFor({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string } & RenderTemplateInput;
}): Promise<RenderedTemplateView> {
  requireRole(ctx.actor, 'responder');
  const template = await getTemplate(ctx.db, input.id);
  const vars = await varsFor(ctx, input);
  return { title: renderTemplate(template.title, vars), body: renderTemplate(template.body, vars) };
}

async function varsFor(ctx: Ctx, input: RenderTemplateInput): Promise<TemplateVars> {
  const time = clockTime(ctx.clock.now());
  if (input.status_incident_id !== undefined) {
    const pub = await findPublicIncident(ctx.db, input.status_incident_id);
    if (pub === undefined)
      throw new ValidationError(
        `body.status_incident_id: no public incident ${JSON.stringify(input.status_incident_id)}`,
      );
    const linked = await incidentComponents(ctx.db, [pub.id]);
    const components = await findComponentsByIds(
      ctx.db,
      linked.map((c) => c.component_id),
    );
    const services = components.map((c) => c.service_id).filter((s): s is string => s !== null);
    return {
      component: listNames(linked.map((c) => c.name)),
      service: listNames(await serviceNames(ctx.db, [...new Set(services)])),
      start_time: startTime(pub.started_at),
      time,
    };
  }
  if (input.incident_id !== undefined) {
    const incident = await findIncident(ctx.db, input.incident_id);
    if (incident === undefined)
      throw new ValidationError(`body.incident_id: no incident ${JSON.stringify(input.incident_id)}`);
    const serviceIds = (await incidentScope(ctx.db, incident.id))?.serviceIds ?? [incident.service_id];
    const components = await componentsOfServices(ctx.db, serviceIds);
    return {
      component: listNames(components.map((c) => c.name)),
      service: listNames(await serviceNames(ctx.db, serviceIds)),
      start_time: startTime(incident.created_at),
      time,
    };
  }
  return { time };
}
