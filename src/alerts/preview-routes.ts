import type { TypedApp } from '../platform/http/app.ts';
import { previewSilence, previewWindow } from './preview.ts';
import { SilencePreviewInput, SuppressionPreview, WindowPreviewInput } from './preview-schemas.ts';

/**
 * Previews for the silence and maintenance-window forms. They live with the alerts (what they
 * read) rather than with silences, which sit below alerts in the layers. Read-only: any role.
 */
export function suppressionPreviewRoutes(app: TypedApp): void {
  app.post(
    '/silences/preview',
    {
      schema: {
        tags: ['silences'],
        summary: 'The open alerts a silence with this service and matchers would match now; saves nothing',
        body: SilencePreviewInput,
        response: { 200: SuppressionPreview },
      },
    },
    (req) => previewSilence(req.ctx, req.body),
  );

  app.post(
    '/maintenance-windows/preview',
    {
      schema: {
        tags: ['maintenance windows'],
        summary: 'The open alerts of the services a maintenance window would cover; saves nothing',
        body: WindowPreviewInput,
        response: { 200: SuppressionPreview },
      },
    },
    (req) => previewWindow(req.ctx, req.body),
  );
}
