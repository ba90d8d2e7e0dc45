import type { TypedApp } from '../platform/http/app.ts';
import { configJsonSchema } from './schema.ts';

/**
 * `GET /api/v1/config.schema.json`: the JSON Schema of `tocsin.yaml`, for editors (the YAML
 * language server's `$schema=` comment) and CI. Public, because editors fetch it without a token;
 * it describes the file format only, never any data.
 */
export function configRoutes(app: TypedApp): void {
  // Computed once: it depends only on the code and the configured public URL.
  const body = JSON.stringify(configJsonSchema(app.deps.config.publicUrl));
  app.get(
    '/config.schema.json',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['config'],
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
}
