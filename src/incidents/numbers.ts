// Kept so src/ingest/process.ts's import still resolves; the SQL lives in repository-opened.ts.
// At merge the ingest import can point there and this file can go.
export { reserveIncidentNumbers } from './repository-opened.ts';
