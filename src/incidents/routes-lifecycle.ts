import type { TypedApp } from '../platform/http/app.ts';

export function lifecycleRoutes(app: TypedApp): void {
  void app;
}
