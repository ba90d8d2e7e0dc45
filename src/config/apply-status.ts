import { createComponent, deleteComponent, updateComponent } from '../status-page/components/write.ts';
import { createGroup, deleteGroup, updateGroup } from '../status-page/components/groups.ts';
import { updateStatusPageSettings } from '../status-page/settings.ts';
import { createTemplate, deleteTemplate, updateTemplate } from '../status-page/templates/write.ts';
import type { Change } from './diff.ts';
import { changed, desiredOf, idOf, located, type Run } from './run.ts';

/**
 * The status page's changes, through the same actions as its admin API: settings, then groups,
 * then components (which name their group). Deletions are in apply.ts's prune, components first.
 */

export async function applyStatusPage(run: Run, change: Change): Promise<void> {
  const d = desiredOf(run, 'status_page', change.name);
  await located(run, change, () =>
    updateStatusPageSettings({
      ctx: run.ctx,
      input: {
        name: d.title,
        logo_url: d.logo_url,
        brand_color: d.brand_color,
        public_url: d.public_url,
        time_zone: d.time_zone,
      },
    }),
  );
}

export async function applyStatusGroup(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'status_page_groups', change.name);
  await located(run, change, async () => {
    const id = run.ids.status_page_groups.get(d.name);
    if (change.op === 'create' || id === undefined) {
      const group = await createGroup({
        ctx,
        input: { name: d.name, description: d.description, position: d.position },
      });
      run.ids.status_page_groups.set(d.name, group.id);
      return;
    }
    await updateGroup({
      ctx,
      input: {
        id,
        ...(changed(change, 'description') ? { description: d.description } : {}),
        ...(changed(change, 'position') ? { position: d.position } : {}),
      },
    });
  });
}

export async function applyStatusComponent(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'status_page_components', change.name);
  await located(run, change, async () => {
    const groupId = d.group === null ? null : idOf(run, 'status_page_groups', d.group);
    const serviceId = d.service === null ? null : idOf(run, 'services', d.service);
    const id = run.state.status_page_components.get(d.name)?.id;
    if (change.op === 'create' || id === undefined) {
      await createComponent({
        ctx,
        input: {
          name: d.name,
          description: d.description,
          group_id: groupId,
          service_id: serviceId,
          position: d.position,
          showcase: d.showcase,
          only_show_if_degraded: d.only_show_if_degraded,
          start_date: d.start_date,
        },
      });
      return;
    }
    const when = <K extends string, V>(field: string, key: K, value: V) =>
      changed(change, field) ? ({ [key]: value } as Record<K, V>) : {};
    await updateComponent({
      ctx,
      input: {
        id,
        ...when('description', 'description', d.description),
        ...when('group', 'group_id', groupId),
        ...when('service', 'service_id', serviceId),
        ...when('position', 'position', d.position),
        ...when('showcase', 'showcase', d.showcase),
        ...when('only_show_if_degraded', 'only_show_if_degraded', d.only_show_if_degraded),
        ...when('start_date', 'start_date', d.start_date),
      },
    });
  });
}

export async function applyStatusTemplate(run: Run, change: Change): Promise<void> {
  const { ctx } = run;
  const d = desiredOf(run, 'status_page_templates', change.name);
  const id = run.state.status_page_templates.get(d.name)?.id;
  await located(run, change, async () => {
    if (change.op === 'create' || id === undefined) {
      await createTemplate({
        ctx,
        input: { name: d.name, update_status: d.update_status, title: d.title, body: d.body },
      });
      return;
    }
    await updateTemplate({
      ctx,
      input: {
        id,
        ...(changed(change, 'update_status') ? { update_status: d.update_status } : {}),
        ...(changed(change, 'title') ? { title: d.title } : {}),
        ...(changed(change, 'body') ? { body: d.body } : {}),
      },
    });
  });
}

export function pruneStatusPage(run: Run, change: Change): Promise<void> | undefined {
  const { ctx, state } = run;
  if (change.kind === 'status_page_components') {
    const id = state.status_page_components.get(change.name)?.id;
    return id === undefined ? undefined : deleteComponent({ ctx, input: { id } });
  }
  if (change.kind === 'status_page_templates') {
    const id = state.status_page_templates.get(change.name)?.id;
    return id === undefined ? undefined : deleteTemplate({ ctx, input: { id } });
  }
  if (change.kind === 'status_page_groups') {
    const id = state.status_page_groups.get(change.name)?.id;
    return id === undefined ? undefined : deleteGroup({ ctx, input: { id } });
  }
  return undefined;
}
