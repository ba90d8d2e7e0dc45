import type { TypedApp } from '../platform/http/app.ts';

export function declareRoutes(app: TypedApp): void {
  void app;
}
