import type { UserRole } from '../../types.ts';

export const USER_ROLES: { value: UserRole; label: string }[] = [
  { value: 'viewer', label: 'Viewer (reads)' },
  { value: 'responder', label: 'Responder (acts on incidents)' },
  { value: 'admin', label: 'Admin (configures)' },
];
