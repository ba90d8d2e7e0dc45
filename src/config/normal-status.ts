import { DEFAULT_BRAND_COLOR, DEFAULT_PAGE_NAME, DEFAULT_TIME_ZONE } from '../status-page/settings.ts';
import type { PublicIncidentStatus } from '../platform/db/tables/status-page.ts';
import type { TocsinConfig } from './schema.ts';

/**
 * The status page in the normal form of normal.ts. Order is configuration here: groups and
 * components appear on the page in the order the file lists them, so each carries its index as
 * `position` (apply writes it; state.ts reads the stored one). A component's status is the
 * incident's business, never the file's.
 */

export interface NStatusPage {
  /** A kind of one: its name in plans and messages. */
  name: string;
  title: string;
  logo_url: string | null;
  brand_color: string;
  /** null: TOCSIN_PUBLIC_URL + /status. */
  public_url: string | null;
  time_zone: string;
}

export interface NStatusGroup {
  name: string;
  description: string;
  position: number;
}

export interface NStatusComponent {
  name: string;
  description: string;
  group: string | null;
  service: string | null;
  position: number;
  showcase: boolean;
  only_show_if_degraded: boolean;
  start_date: string | null;
}

export interface NStatusTemplate {
  name: string;
  update_status: PublicIncidentStatus;
  title: string;
  body: string;
}

/** The status page's lists. A file that leaves one out does not manage it: --prune leaves it alone. */
export const STATUS_LISTS = [
  'status_page_groups',
  'status_page_components',
  'status_page_templates',
] as const;
export type StatusList = (typeof STATUS_LISTS)[number];

/** The name the settings go by in a plan ("~ status page settings"). */
export const STATUS_PAGE_NAME = 'settings';

export function normalStatusPage(
  s: Partial<Omit<NStatusPage, 'name'>> & { name?: string | undefined },
): NStatusPage {
  return {
    name: STATUS_PAGE_NAME,
    title: s.title ?? s.name ?? DEFAULT_PAGE_NAME,
    logo_url: s.logo_url ?? null,
    brand_color: (s.brand_color ?? DEFAULT_BRAND_COLOR).toLowerCase(),
    public_url: s.public_url ?? null,
    time_zone: s.time_zone ?? DEFAULT_TIME_ZONE,
  };
}

export function normalizeStatusPage(config: TocsinConfig) {
  const page = config.status_page;
  return {
    status_page_lists: STATUS_LISTS.filter((kind) => config[kind] !== undefined),
    status_page:
      page === undefined
        ? []
        : [
            normalStatusPage({
              title: page.name,
              logo_url: page.logo_url,
              brand_color: page.brand_color,
              public_url: page.public_url,
              time_zone: page.time_zone,
            }),
          ],
    status_page_groups: (config.status_page_groups ?? []).map((g, position): NStatusGroup => ({
      name: g.name,
      description: g.description ?? '',
      position,
    })),
    status_page_components: (config.status_page_components ?? []).map((c, position): NStatusComponent => ({
      name: c.name,
      description: c.description ?? '',
      group: c.group ?? null,
      service: c.service ?? null,
      position,
      showcase: c.showcase ?? true,
      only_show_if_degraded: c.only_show_if_degraded ?? false,
      start_date: c.start_date ?? null,
    })),
    status_page_templates: (config.status_page_templates ?? []).map((t): NStatusTemplate => ({
      name: t.name,
      update_status: t.update_status,
      title: t.title ?? '',
      body: t.body,
    })),
  };
}
