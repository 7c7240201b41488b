import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { GridInfo } from '../../../shared/domain/grid';
import type { GridCounts } from '../../../shared/domain/grid-counts';
import type { GridFeatures } from '../../net/city-data';
import { LEVEL_MIN_ZOOM } from './grid-layers';

type Levels = Record<'district' | 'community' | 'full' | 'micro', GridFeatures>;

/** The finest level drawn at a zoom: what a click picks. */
export function pickLevelAt(zoom: number): keyof Levels {
  if (zoom >= LEVEL_MIN_ZOOM.micro) return 'micro';
  if (zoom >= LEVEL_MIN_ZOOM.full) return 'full';
  if (zoom >= LEVEL_MIN_ZOOM.community) return 'community';
  return 'district';
}

/**
 * Clickable grid fills, shaded by open events (a choropleth of the live counts) with the selected grid
 * outlined. One layer per level, only the finest visible one shown; `countsVersion` recolours without
 * touching geometry.
 */
export function gridPickLayers(
  grids: Levels,
  zoom: number,
  counts: Map<string, GridCounts>,
  countsVersion: number,
  selectedId: string | null,
) {
  const active = pickLevelAt(zoom);
  return (Object.keys(grids) as (keyof Levels)[]).map((level) => {
    const max = Math.max(1, ...grids[level].features.map((f) => counts.get(f.properties.id)?.open ?? 0));
    return new GeoJsonLayer<GridInfo>({
      id: `pick-${level}`,
      data: grids[level] as unknown as Feature<Geometry, GridInfo>[],
      visible: level === active,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 40],
      filled: true,
      stroked: true,
      getFillColor: (f: Feature<Geometry, GridInfo>) => {
        const c = counts.get(f.properties.id);
        const share = (c?.open ?? 0) / max;
        return c && c.overdue > 0 ? [255, 82, 82, 40 + 90 * share] : [61, 157, 255, 20 + 110 * share];
      },
      getLineColor: (f: Feature<Geometry, GridInfo>) =>
        f.properties.id === selectedId ? [255, 214, 0, 255] : [0, 0, 0, 0],
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: countsVersion, getLineColor: selectedId },
    });
  });
}
