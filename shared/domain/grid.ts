/** The five levels of the grid hierarchy, from the whole city down to the micro-grid. */
export type GridLevel = 'city' | 'district' | 'community' | 'full' | 'micro';

/** Levels in nesting order: each level's parent is the one before it. */
export const GRID_LEVELS = [
  'city',
  'district',
  'community',
  'full',
  'micro',
] as const satisfies readonly GridLevel[];

/** One grid of any level, without geometry. */
export interface GridInfo {
  /** Stable id: `longgang`, `D01`, a 12-digit NBS code, `${community}F01`, `${full}M01`. */
  id: string;
  /** Administrative or management code (NBS code for communities). */
  code: string;
  name: string;
  level: GridLevel;
  /** Id of the enclosing grid one level up; null only for the city. */
  parentId: string | null;
  /** Resident population (synthetic in the generated dataset). */
  population: number;
  households: number;
}

/** Ids of the grids that contain one place, from the micro-grid up to the district. */
export interface GridPath {
  micro: string;
  full: string;
  community: string;
  district: string;
}

/** The level one above `level`, or null for the city. */
export function parentLevel(level: GridLevel): GridLevel | null {
  const i = GRID_LEVELS.indexOf(level);
  return i > 0 ? (GRID_LEVELS[i - 1] ?? null) : null;
}

/** True when `value` names a grid level. */
export function isGridLevel(value: string): value is GridLevel {
  return (GRID_LEVELS as readonly string[]).includes(value);
}
