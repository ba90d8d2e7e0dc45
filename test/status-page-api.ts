import type { App } from '../src/platform/http/app.ts';
import type { ComponentView, CreateComponentInput } from '../src/status-page/components/schemas.ts';
import type {
  CreatePublicIncidentInput,
  PostPublicUpdateInput,
  PublicIncidentView,
} from '../src/status-page/incidents/schemas.ts';
import { created, uniqueName } from './factories.ts';

/**
 * Status page objects made through the admin API, as a comms lead makes them: the incidents
 * verbs (src/status-page/incidents) write the rows, move components and wake the engines, so the
 * subscriber and deadline tests see what a real post leaves behind. As the bootstrap admin
 * unless `token` is given.
 */
const URL = '/api/v1/status-page';

export function buildComponent(app: App, input: Partial<CreateComponentInput> = {}): Promise<ComponentView> {
  return created(app, `${URL}/components`, { name: uniqueName('Component'), ...input });
}

/** Opens a public incident; its first update (`body`) is `updates[0]` of the answer. */
export function publishIncident(
  app: App,
  input: Partial<CreatePublicIncidentInput>,
  token?: string,
): Promise<PublicIncidentView> {
  return created(
    app,
    `${URL}/incidents`,
    { name: uniqueName('Incident'), body: 'We are investigating.', ...input },
    token,
  );
}

/** Posts an update; the answer's `updates[0]` is the one posted (newest first). */
export function postUpdate(
  app: App,
  id: string,
  input: PostPublicUpdateInput,
  token?: string,
): Promise<PublicIncidentView> {
  return created(app, `${URL}/incidents/${id}/updates`, { ...input }, token);
}
