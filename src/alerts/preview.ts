import type { Ctx } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import {
  type LabelTest,
  assertSilenceScope,
  compileMatchers,
  normalizeMatchers,
} from '../silences/matchers.ts';
import { assertServiceExists, assertServicesExist } from '../silences/validate.ts';
import {
  SHOWN_IN_PREVIEW,
  type SilencePreviewInput,
  type SuppressionPreviewView,
  type WindowPreviewInput,
} from './preview-schemas.ts';
import { presentAlert } from './presenter.ts';
import { openAlertsBefore } from './repository.ts';

/** Open alerts are tested in batches this size, so a storm of them is never all in memory. */
const SCAN_BATCH = 1000;
/**
 * A preview re-runs as someone types, during the storms silences are made for: past this many
 * open alerts it stops and says "at least".
 */
export const SCAN_LIMIT = 10_000;

/**
 * The open alerts a silence with this scope would match now. It runs the checks creating the
 * silence runs (same matcher parsing, same "must say what it silences" rule, same 400s), so the
 * form that previews while someone types shows the error the save would give. Nothing is written.
 */
export async function previewSilence(ctx: Ctx, input: SilencePreviewInput): Promise<SuppressionPreviewView> {
  const serviceId = input.service_id ?? null;
  const matchers = normalizeMatchers(input.matchers ?? []);
  assertSilenceScope(serviceId, matchers);
  if (serviceId !== null) await assertServiceExists(ctx, serviceId);
  return openMatching(ctx.db, serviceId === null ? undefined : [serviceId], compileMatchers(matchers));
}

/** The open alerts of the services a maintenance window would cover: it suppresses all of theirs. */
export async function previewWindow(ctx: Ctx, input: WindowPreviewInput): Promise<SuppressionPreviewView> {
  await assertServicesExist(ctx, input.service_ids);
  return openMatching(ctx.db, input.service_ids, () => true);
}

/** Exported for its test, which passes a small `limit`. */
export async function openMatching(
  db: Queryable,
  serviceIds: readonly string[] | undefined,
  test: LabelTest,
  limit = SCAN_LIMIT,
): Promise<SuppressionPreviewView> {
  const data: SuppressionPreviewView['data'] = [];
  let total = 0;
  let scanned = 0;
  let before: string | undefined;
  for (;;) {
    const take = Math.min(SCAN_BATCH, limit - scanned + 1);
    const rows = await openAlertsBefore(db, { serviceIds, before, take });
    for (const row of rows.slice(0, limit - scanned)) {
      if (!test(JSON.parse(row.labels) as Record<string, string>)) continue;
      total += 1;
      if (data.length < SHOWN_IN_PREVIEW) data.push(presentAlert(row));
    }
    // One row past the limit is read only to know whether there were more.
    if (scanned + rows.length > limit) return { data, total, total_is_lower_bound: true };
    if (rows.length < take) return { data, total, total_is_lower_bound: false };
    scanned += rows.length;
    before = rows[rows.length - 1]!.id;
  }
}
