/**
 * What a step gets for a field left out, in the API and in tocsin.yaml alike (src/config reads
 * these too, so a step written in the web UI exports and plans as no change).
 */
export const STEP_DEFAULTS = {
  method: 'POST' as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD',
  headers: [] as { name: string; value: string }[],
  body: null as string | null,
  timeout_seconds: 10,
  expected_status: null as number | null,
  // Secure by default: a step runs without a second person only when its author says it is safe.
  approval: 'approval' as 'safe' | 'approval',
  approver_role: 'responder' as 'responder' | 'admin',
  auto_run: false,
  auto_run_per_hour: 3,
};

/** Headers Tocsin sets itself, or that would change what the request is: never from a step. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'upgrade',
  'te',
  'trailer',
]);
