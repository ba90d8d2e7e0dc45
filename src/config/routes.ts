import type { TypedApp } from '../platform/http/app.ts';
import { ApplyAnswer, ConfigRequest, ExportAnswer, PlanAnswer } from './api-schemas.ts';
import { applyConfig, type ConfigInput, planConfig } from './apply.ts';
import { exportConfig } from './export.ts';
import { loadConfigTexts } from './load.ts';
import { configJsonSchema } from './schema.ts';

// Configuration files are larger than other bodies: a big organisation's users and schedules.
const CONFIG_BODY_LIMIT = 8 * 1024 * 1024;

/** The files of a request, loaded and checked; a bad file answers 400 with every problem. */
function inputOf(body: ConfigRequest, publicUrl?: string): ConfigInput {
  const { config, sources } = loadConfigTexts(body.files.map((f) => ({ file: f.name, text: f.content })));
  return { config, sources, prune: body.prune, keys: body.keys, publicUrl };
}

/**
 * `GET /api/v1/config.schema.json`: the JSON Schema of `tocsin.yaml`, for editors (the YAML
 * language server's `$schema=` comment) and CI. Public, because editors fetch it without a token;
 * it describes the file format only, never any data. Plan, apply and export are admin-only.
 */
export function configRoutes(app: TypedApp): void {
  // Computed once: it depends only on the code and the configured public URL.
  const body = JSON.stringify(configJsonSchema(app.deps.config.publicUrl));
  const tags = ['config'];
  app.get(
    '/config.schema.json',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'JSON Schema of the tocsin.yaml configuration file',
        security: [],
      },
    },
    (_req, reply) =>
      reply
        .type('application/schema+json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(body),
  );

  app.post(
    '/config/plan',
    {
      bodyLimit: CONFIG_BODY_LIMIT,
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'What applying these tocsin.yaml files would change; changes nothing',
        body: ConfigRequest,
        response: { 200: PlanAnswer },
      },
    },
    (req) => planConfig({ ctx: req.ctx, input: inputOf(req.body) }),
  );

  app.post(
    '/config/apply',
    {
      bodyLimit: CONFIG_BODY_LIMIT,
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Make the configuration match these tocsin.yaml files, in one transaction',
        body: ConfigRequest,
        response: { 200: ApplyAnswer },
      },
    },
    async (req) => {
      const { plan, keys } = await applyConfig({
        ctx: req.ctx,
        input: inputOf(req.body, app.deps.config.publicUrl),
      });
      return { ...plan, keys };
    },
  );

  app.get(
    '/config/export',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'The current configuration as tocsin.yaml (re-applies as a no-op)',
        response: { 200: ExportAnswer },
      },
    },
    async (req) => {
      const { yaml, skipped } = await exportConfig({ ctx: req.ctx, publicUrl: app.deps.config.publicUrl });
      return { yaml, skipped };
    },
  );
}
