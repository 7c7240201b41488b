import type { GridPath } from '../domain/grid';
import type { AlertLevel } from '../schemas/alert';
import { type LevelThresholds, levelFor } from './alert-level';
import type { RulesConfig } from './rules-config';
import { type Signal, scopeAt } from './signal';

/** Sensor kinds read at key areas: head counts (against capacity), water level (m), smoke (%/m). */
export const READING_KINDS = ['crowd', 'water-level', 'smoke'] as const;
export type ReadingKind = (typeof READING_KINDS)[number];

/** One sensor reading at a key area. */
export interface KeyAreaReading {
  areaId: string;
  kind: ReadingKind;
  value: number;
  at: number;
}

/** What the rule needs to know of a key area. */
export interface KeyAreaInfo {
  id: string;
  name: string;
  capacity: number;
  lon: number;
  lat: number;
  path: GridPath | null;
}

/** The latest reading per area and kind. */
export type KeyAreaReadings = Map<string, KeyAreaReading>;

export function recordReading(readings: KeyAreaReadings, r: KeyAreaReading): void {
  const key = `${r.areaId}:${r.kind}`;
  const prev = readings.get(key);
  if (!prev || prev.at <= r.at) readings.set(key, r);
}

const WORDS: Record<ReadingKind, { title: string; cap: Signal['capCategory'] }> = {
  crowd: { title: '人员聚集', cap: 'Safety' },
  'water-level': { title: '积水水位', cap: 'Met' },
  smoke: { title: '烟感', cap: 'Fire' },
};

/**
 * Readings against thresholds at key areas: crowds against capacity (70/85/95/100 % → IV…I), water
 * level and smoke against absolute thresholds. A live alert clears only once the reading drops a
 * hysteresis margin below the blue threshold, so a reading hovering at it does not flap.
 */
export function keyAreaEvaluate(
  areas: ReadonlyMap<string, KeyAreaInfo>,
  readings: KeyAreaReadings,
  activeKeys: ReadonlySet<string>,
  now: number,
  config: RulesConfig['rules']['key-area'],
): Signal[] {
  const signals: Signal[] = [];
  for (const r of readings.values()) {
    const area = areas.get(r.areaId);
    if (!area || now - r.at > config.staleMinutes * 60_000) continue;
    const key = `key-area:${r.areaId}:${r.kind}`;
    const t = thresholdsOf(r.kind, config);
    const value = r.kind === 'crowd' ? r.value / Math.max(1, area.capacity) : r.value;
    let level: AlertLevel | null = levelFor(value, t);
    if (!level && activeKeys.has(key) && value >= t.blue * (1 - config.hysteresis)) level = 'blue';
    if (!level) continue;
    const words = WORDS[r.kind];
    const figure =
      r.kind === 'crowd'
        ? `当前${r.value}人，容量${area.capacity}人（${Math.round(value * 100)}%）`
        : r.kind === 'water-level'
          ? `水位${r.value.toFixed(2)}米`
          : `烟雾浓度${r.value}%/m`;
    signals.push({
      rule: 'key-area',
      key,
      level,
      scope: scopeAt(area.path, area.path ? 'micro' : 'city'),
      title: `${area.name}${words.title}预警`,
      description: `重点区域${area.name}${words.title}超限：${figure}`,
      lon: area.lon,
      lat: area.lat,
      eventIds: [],
      capCategory: words.cap,
      certainty: 'Observed',
    });
  }
  return signals;
}

function thresholdsOf(kind: ReadingKind, config: RulesConfig['rules']['key-area']): LevelThresholds {
  if (kind === 'crowd') return config.crowd;
  return kind === 'water-level' ? config.waterLevel : config.smoke;
}
