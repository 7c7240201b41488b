/**
 * The event lifecycle after GB/T 30428 (digital urban management):
 * reported → accepted | cancelled → registered → dispatched → handling → handled → verified → closed.
 */
export type EventStatus =
  | 'reported'
  | 'accepted'
  | 'cancelled'
  | 'registered'
  | 'dispatched'
  | 'handling'
  | 'handled'
  | 'verified'
  | 'closed';

export const EVENT_STATUSES: readonly EventStatus[] = [
  'reported',
  'accepted',
  'cancelled',
  'registered',
  'dispatched',
  'handling',
  'handled',
  'verified',
  'closed',
];

/** Statuses after which an event needs nothing more from anyone. */
export function isFinalStatus(status: EventStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

export const STATUS_NAMES: Record<EventStatus, string> = {
  reported: '上报',
  accepted: '受理',
  cancelled: '注销',
  registered: '立案',
  dispatched: '派遣',
  handling: '处置',
  handled: '反馈',
  verified: '核查',
  closed: '结案',
};

/** English status names, for screens switched to English (`?lang=en`). */
export const STATUS_NAMES_EN: Record<EventStatus, string> = {
  reported: 'Reported',
  accepted: 'Accepted',
  cancelled: 'Cancelled',
  registered: 'Registered',
  dispatched: 'Dispatched',
  handling: 'Handling',
  handled: 'Handled',
  verified: 'Verified',
  closed: 'Closed',
};
