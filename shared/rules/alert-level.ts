import { ALERT_LEVELS, type AlertLevel } from '../schemas/alert';

/** Rank of a level: blue 1 … red 4. */
export function levelRank(level: AlertLevel): number {
  return ALERT_LEVELS.indexOf(level) + 1;
}

/** The higher of two levels. */
export function maxLevel(a: AlertLevel, b: AlertLevel): AlertLevel {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** One level up, red staying red. */
export function levelUp(level: AlertLevel): AlertLevel {
  return ALERT_LEVELS[Math.min(ALERT_LEVELS.length - 1, levelRank(level))]!;
}

/** Roman numeral of a level as the Emergency Response Law writes it (red = I). */
export const LEVEL_NUMERALS: Record<AlertLevel, string> = {
  red: 'I',
  orange: 'II',
  yellow: 'III',
  blue: 'IV',
};
export const LEVEL_NAMES: Record<AlertLevel, string> = {
  red: '红色',
  orange: '橙色',
  yellow: '黄色',
  blue: '蓝色',
};

/** Thresholds for each level, ascending from blue to red; a value at or over one reaches that level. */
export type LevelThresholds = Record<AlertLevel, number>;

/** The highest level whose threshold `value` reaches, or null below blue. */
export function levelFor(value: number, thresholds: LevelThresholds): AlertLevel | null {
  for (let i = ALERT_LEVELS.length - 1; i >= 0; i--) {
    const level = ALERT_LEVELS[i]!;
    if (value >= thresholds[level]) return level;
  }
  return null;
}
