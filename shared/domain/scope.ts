import type { GridEvent } from '../schemas/event';

/**
 * What part of the city a screen watches: the whole city, one district or one community. Written
 * as a string so it can name a Socket.IO room: `city`, `district:D03`, `community:330383198012`.
 */
export type Scope = 'city' | `district:${string}` | `community:${string}`;

const SCOPE_PATTERN = /^(city|district:[A-Za-z0-9]{1,32}|community:[A-Za-z0-9]{1,32})$/;

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && SCOPE_PATTERN.test(value);
}

/** True when `event` lies in `scope`. Events outside every grid belong to the city scope only. */
export function inScope(scope: Scope, event: GridEvent): boolean {
  if (scope === 'city') return true;
  const [level, id] = scope.split(':') as ['district' | 'community', string];
  return event.grid?.[level] === id;
}
