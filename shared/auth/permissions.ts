/**
 * The one authorization table: which role may do what. Every HTTP route and every socket event names
 * one of these permissions (server/auth/route-permissions.ts); tests walk the whole matrix from here.
 */
export const ROLES = ['viewer', 'operator', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** See the live picture: grids, events (personal data masked), alerts, traffic. */
  'live:read',
  /** See reporters' names and phones and key people's identities (every such read is audited). */
  'personal:read',
  /** Report events (machine sources, the phone form). */
  'events:ingest',
  /** Move events through the workflow: accept, dispatch, verify… */
  'events:act',
  /** Close and cancel events, assign alerts, override routing. */
  'events:supervise',
  /** Acknowledge and resolve alerts. */
  'alerts:act',
  /** Enable, disable and tune early-warning rules. */
  'rules:tune',
  /** Manage users, display tokens and API keys; read the audit log. */
  'admin:users',
  /** Import grid data. */
  'admin:data',
  /** Prometheus metrics. */
  'metrics:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: Permission[] = ['live:read'];
const OPERATOR: Permission[] = [...VIEWER, 'events:ingest', 'events:act', 'alerts:act'];
const SUPERVISOR: Permission[] = [...OPERATOR, 'events:supervise', 'rules:tune', 'personal:read'];
const ADMIN: Permission[] = [...SUPERVISOR, 'admin:users', 'admin:data', 'metrics:read'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  supervisor: new Set(SUPERVISOR),
  admin: new Set(ADMIN),
};

/** True when `role` holds `permission`; no role (anonymous) holds nothing. */
export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && ROLE_PERMISSIONS[role].has(permission);
}
