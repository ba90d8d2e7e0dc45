import type { TypedApp } from '../platform/http/app.ts';

export function updatesRoutes(app: TypedApp): void {
  void app;
}
