import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { GridInfo } from '../../../shared/domain/grid';
import type { RiskUpdate } from '../../../shared/protocol';

/** A micro-grid's anchor and its current risk score. */
interface RiskPoint {
  position: [number, number];
  weight: number;
}

/** Warm colours from calm to critical, readable over the dark base map. */
const COLOR_RANGE: [number, number, number][] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

const NO_POINTS: RiskPoint[] = [];

/**
 * The risk score as a heat map: one weighted point per micro-grid (its label point). The weights
 * texture is 512² rather than deck's 2048²: an update then costs about 23 ms instead of a second in
 * software GL (see docs on the stack), with no visible loss at city scale.
 */
export function riskHeatmapLayer(
  anchors: readonly [number, number][],
  risk: RiskUpdate | null,
  visible: boolean,
) {
  // Hidden (the wall shows risk as grids): no new data, so a risk update costs this layer nothing.
  const usable = visible && risk && risk.count === anchors.length;
  const data: RiskPoint[] = usable
    ? risk.scores.flatMap((weight, i) => (weight > 0 ? [{ position: anchors[i]!, weight }] : []))
    : NO_POINTS;
  return new HeatmapLayer<RiskPoint>({
    id: 'risk-heatmap',
    data,
    visible: visible && data.length > 0,
    getPosition: (d) => d.position,
    getWeight: (d) => d.weight,
    weightsTextureSize: 512,
    radiusPixels: 40,
    intensity: 1,
    threshold: 0.05,
    colorRange: COLOR_RANGE,
    updateTriggers: { getWeight: usable ? risk.at : 0 },
  });
}

/** The risk score as a choropleth of micro-grids (the wall's `?risk=grid` choice). */
export function riskChoroplethLayer(
  micro: readonly Feature<Geometry, GridInfo>[],
  risk: RiskUpdate | null,
  visible: boolean,
) {
  const scores = risk && risk.count === micro.length ? risk.scores : null;
  const max = Math.max(1, risk?.max ?? 1);
  return new GeoJsonLayer<GridInfo>({
    id: 'risk-choropleth',
    data: micro as Feature<Geometry, GridInfo>[],
    visible: visible && scores !== null,
    filled: true,
    stroked: false,
    getFillColor: (_f, { index }) => {
      const v = (scores?.[index] ?? 0) / max;
      if (v <= 0) return [0, 0, 0, 0];
      const c = COLOR_RANGE[Math.min(COLOR_RANGE.length - 1, Math.floor(v * COLOR_RANGE.length))]!;
      return [c[0], c[1], c[2], Math.round(60 + 140 * v)];
    },
    updateTriggers: { getFillColor: risk?.at ?? 0 },
    pickable: false,
  });
}
