import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Feature, Geometry, Position } from 'geojson';
import type { GridInfo } from '../../../shared/domain/grid';
import type { RiskUpdate } from '../../../shared/protocol';
import { RISK_COLOR_RANGE } from './risk-colours';

/** A micro-grid's anchor and its current risk score. */
interface RiskPoint {
  position: [number, number];
  weight: number;
}

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
    colorRange: RISK_COLOR_RANGE,
    updateTriggers: { getWeight: usable ? risk.at : 0 },
  });
}

/** One polygon of a micro-grid (a MultiPolygon gives several) and the grid's index in the risk scores. */
export interface GridPolygon {
  rings: Position[][];
  index: number;
}

/** The micro-grids as polygons for the choropleth: once per city, not per risk update. */
export function gridPolygons(micro: readonly Feature<Geometry, GridInfo>[]): GridPolygon[] {
  return micro.flatMap((f, index) =>
    f.geometry.type === 'Polygon'
      ? [{ rings: f.geometry.coordinates, index }]
      : f.geometry.type === 'MultiPolygon'
        ? f.geometry.coordinates.map((rings) => ({ rings, index }))
        : [],
  );
}

/**
 * The risk score as a choropleth of micro-grids (the wall's `?risk=grid` choice): a plain polygon layer
 * coloured from `colours` (riskColours, RGBA per micro-grid, made once per risk update; null hides it),
 * so a recolour is one pass over the grids. `version` changes with the colours (the update's `at`).
 */
export function riskChoroplethLayer(
  polygons: readonly GridPolygon[],
  colours: Uint8Array | null,
  version: number,
  visible: boolean,
) {
  // deck.gl copies an accessor's value at once, so one scratch array serves every polygon.
  const rgba: [number, number, number, number] = [0, 0, 0, 0];
  return new SolidPolygonLayer<GridPolygon>({
    id: 'risk-choropleth',
    data: polygons as GridPolygon[],
    visible: visible && colours !== null,
    // GeoJSON positions are number[]; deck.gl's type wants [lon, lat] tuples, which they are.
    getPolygon: (d) => d.rings as [number, number][][],
    getFillColor: (d) => {
      const o = 4 * d.index;
      if (colours) for (let k = 0; k < 4; k++) rgba[k] = colours[o + k]!;
      return rgba;
    },
    updateTriggers: { getFillColor: version },
    pickable: false,
  });
}
