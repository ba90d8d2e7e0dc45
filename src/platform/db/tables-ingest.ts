/** Tables of alert ingestion (src/integrations, src/alerts, src/incidents, src/silences). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the ingestion migration
export interface IngestTables {}
