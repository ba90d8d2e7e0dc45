import type { TypedApp } from '../platform/http/app.ts';

export function severityRoutes(app: TypedApp): void {
  void app;
}
