import type { TypedApp } from '../platform/http/app.ts';

export function workRoutes(app: TypedApp): void {
  void app;
}
