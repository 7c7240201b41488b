import type { Permission } from '../../shared/auth/permissions';

/**
 * Every API route and the permission it needs, by `METHOD url` as Fastify registers it. A route under
 * /api, /open311 or /metrics that is missing here stops the server at start (server/plugins/auth.ts),
 * and the authorization tests walk this table against every role, so nothing is reachable by accident.
 * Routes outside those prefixes (the client shell, its assets, /docs) are public.
 */
export const ROUTE_PERMISSIONS: Record<string, Permission | 'public'> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'public',
  'GET /api/users': 'admin:users',
  'POST /api/users': 'admin:users',
  'POST /api/users/:id/disable': 'admin:users',
  'GET /api/display-tokens': 'admin:users',
  'POST /api/display-tokens': 'admin:users',
  'POST /api/display-tokens/:id/revoke': 'admin:users',
  'GET /api/api-keys': 'admin:users',
  'POST /api/api-keys': 'admin:users',
  'POST /api/api-keys/:id/revoke': 'admin:users',
  'GET /api/audit': 'admin:users',
  'GET /api/audit/verify': 'admin:users',
  'GET /api/city': 'live:read',
  'GET /api/basemap': 'live:read',
  'GET /api/grids/topology': 'live:read',
  'GET /api/grids': 'live:read',
  'GET /api/grids/:id': 'live:read',
  'POST /api/events': 'events:ingest',
  'GET /api/events/:id': 'live:read',
  'GET /api/stats/today': 'live:read',
  'GET /api/stats/hourly': 'live:read',
  // The action's own permission (close and cancel need a supervisor) is checked in the route.
  'POST /api/events/:id/actions': 'events:act',
  'GET /api/handover': 'live:read',
  'GET /metrics': 'metrics:read',
  // Open311 GeoReport v2: the service list is public by the spec; requests carry personal data.
  'GET /open311/v2/*': 'public',
  'GET /open311/v2/services.json': 'public',
  'GET /open311/v2/requests.json': 'live:read',
  'POST /open311/v2/requests.json': 'events:ingest',
  'GET /open311/v2/requests/:service_request_id.json': 'live:read',
  'POST /api/traffic/observations': 'events:ingest',
  'GET /api/traffic/state': 'live:read',
  'GET /api/traffic/network': 'live:read',
  'GET /api/traffic/history': 'live:read',
  // Early warning (server/routes/alerts.ts, rules.ts); assigning and closing an alert are checked in the route.
  'GET /api/alerts': 'live:read',
  'GET /api/alerts/:id': 'live:read',
  'POST /api/alerts/:id/actions': 'alerts:act',
  'GET /api/alerts/:id/cap': 'live:read',
  'GET /api/cap/feed': 'live:read',
  'GET /api/rules': 'rules:tune',
  'PUT /api/rules': 'rules:tune',
  'PATCH /api/rules/:rule': 'rules:tune',
  'POST /api/rules/reload': 'rules:tune',
  'POST /api/key-areas/:id/readings': 'events:ingest',
  'PUT /api/warnings': 'events:ingest',
  'GET /api/risk': 'live:read',
  // Who answers (server/duty/duty-routes.ts): routing, roster, response plans, evaluation.
  'GET /api/responsibilities': 'live:read',
  'GET /api/events/:id/route-proposal': 'live:read',
  // Following the proposal or overriding it (with a reason, audited) is the duty officer's call.
  'POST /api/events/:id/dispatch': 'events:act',
  'GET /api/roster/current': 'live:read',
  'POST /api/roster/import': 'events:supervise',
  'GET /api/plans': 'live:read',
  'GET /api/plans/:id': 'live:read',
  'POST /api/plans/:id/steps/:stepId': 'alerts:act',
  'GET /api/evaluation': 'live:read',
};

/** Socket.IO events and the permission each needs; `event:<action>` take the action's permission. */
export const SOCKET_PERMISSIONS: Record<string, Permission> = {
  'sync:hello': 'live:read',
  'alert:ack': 'alerts:act',
  'alert:assign': 'events:supervise',
  'alert:resolve': 'alerts:act',
};

/** True for routes the table must cover. */
export function isGuardedUrl(url: string): boolean {
  return url.startsWith('/api/') || url === '/metrics' || url.startsWith('/open311/');
}
