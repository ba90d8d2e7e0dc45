export function startThrowawayPostgres(options?: {
  prefix?: string;
  settings?: string[];
}): Promise<{ url: string; stop(): void }>;
