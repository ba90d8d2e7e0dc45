import type { Queryable } from '../platform/db/connect.ts';
import { getStatusPageSettings } from '../status-page/settings.ts';
import {
  type NStatusComponent,
  type NStatusGroup,
  type NStatusPage,
  type NStatusTemplate,
  STATUS_PAGE_NAME,
  normalStatusPage,
} from './normal-status.ts';
import { readStatusPageRows } from './repository.ts';

/** The status page's configuration in the database, in the normal form of normal-status.ts. */

interface Current<N> {
  id: string;
  n: N;
}

export interface StatusPageState {
  /** Always one entry: the page exists from the first start, with its defaults. */
  status_page: Map<string, Current<NStatusPage>>;
  status_page_groups: Map<string, Current<NStatusGroup>>;
  status_page_components: Map<string, Current<NStatusComponent>>;
  status_page_templates: Map<string, Current<NStatusTemplate>>;
}

export async function readStatusPageState(
  db: Queryable,
  serviceName: (id: string) => string,
): Promise<StatusPageState> {
  const [settings, rows] = await Promise.all([getStatusPageSettings(db), readStatusPageRows(db)]);
  const groupName = new Map(rows.groups.map((g) => [g.id, g.name]));
  return {
    status_page: new Map([
      [
        STATUS_PAGE_NAME,
        {
          id: settings.page_id,
          n: normalStatusPage({
            title: settings.name,
            logo_url: settings.logo_url,
            brand_color: settings.brand_color,
            public_url: settings.public_url,
            time_zone: settings.time_zone,
          }),
        },
      ],
    ]),
    status_page_groups: new Map(
      rows.groups.map((g) => [
        g.name,
        { id: g.id, n: { name: g.name, description: g.description, position: g.position } },
      ]),
    ),
    status_page_components: new Map(
      rows.components.map((c) => [
        c.name,
        {
          id: c.id,
          n: {
            name: c.name,
            description: c.description,
            group: c.group_id === null ? null : (groupName.get(c.group_id) ?? `<deleted ${c.group_id}>`),
            service: c.service_id === null ? null : serviceName(c.service_id),
            position: c.position,
            showcase: c.showcase === 1,
            only_show_if_degraded: c.only_show_if_degraded === 1,
            start_date: c.start_date,
          },
        },
      ]),
    ),
    status_page_templates: new Map(
      rows.templates.map((t) => [
        t.name,
        { id: t.id, n: { name: t.name, update_status: t.update_status, title: t.title, body: t.body } },
      ]),
    ),
  };
}
