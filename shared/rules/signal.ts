import type {
  AlertLevel,
  AlertMember,
  AlertScope,
  CapCategory,
  CapCertainty,
  RuleId,
} from '../schemas/alert';

/**
 * What a rule says holds right now. Rules are level-triggered: each evaluation returns every signal
 * that currently holds, so the reducer can tell a condition that cleared from one that persists.
 */
export interface Signal {
  rule: RuleId;
  /** Dedupe key, `rule:scope…`; stable while the same condition holds. */
  key: string;
  level: AlertLevel;
  scope: AlertScope;
  /** Short zh-CN headline. */
  title: string;
  /** zh-CN description with the figures that triggered it. */
  description: string;
  lon: number | null;
  lat: number | null;
  eventIds: readonly string[];
  members?: readonly AlertMember[];
  capCategory: CapCategory;
  certainty: CapCertainty;
  keyPerson?: boolean;
}

/** Maps the event taxonomy onto CAP categories. */
export const CAP_CATEGORY_OF: Record<string, CapCategory> = {
  safety: 'Safety',
  stability: 'Security',
  environment: 'Env',
  policy: 'Other',
  party: 'Other',
  urban: 'Infra',
  livelihood: 'Health',
  traffic: 'Transport',
  emergency: 'Met',
};

/** The CAP category of an event category (fire is Fire, not Met). */
export function capCategoryOf(category: string, subcategory?: string): CapCategory {
  if (subcategory === 'fire' || subcategory === 'fire-hazard') return 'Fire';
  return CAP_CATEGORY_OF[category] ?? 'Other';
}

/** The scope of a grid path at one level; a missing path (outside every grid) scopes to the city. */
export function scopeAt(
  path: { micro: string; full: string; community: string; district: string } | null,
  level: AlertScope['level'],
): AlertScope {
  if (!path || level === 'city')
    return { level: 'city', gridId: 'city', districtId: null, communityId: null };
  const districtId = path.district;
  const communityId = level === 'district' ? null : path.community;
  return { level, gridId: path[level], districtId, communityId };
}

/** Local hour of the week (Monday 00–01 = 0 … Sunday 23–24 = 167) at `utcOffsetMinutes`. */
export function hourOfWeek(t: number, utcOffsetMinutes: number): number {
  const hour = Math.floor((t + utcOffsetMinutes * 60_000) / 3_600_000);
  // 1970-01-01 was a Thursday: 72 hours after a Monday midnight.
  return (((hour + 72) % 168) + 168) % 168;
}
