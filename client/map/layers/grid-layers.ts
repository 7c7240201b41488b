import { GeoJsonLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, Geometry } from 'geojson';
import type { GridInfo } from '../../../shared/domain/grid';
import type { GridFeatures } from '../../net/city-data';

export interface GridLabel {
  name: string;
  position: [number, number];
}

/** Zoom at which each finer level appears: districts always, communities from 12, micro-grids from 14. */
export const LEVEL_MIN_ZOOM = { district: 0, community: 12, full: 13.5, micro: 14.5 } as const;

/** Outline colour (RGBA) and width (px) per level: shared by the layers and the wall's legend. */
export const GRID_LEVEL_STYLE = {
  district: { color: [120, 200, 255, 230], width: 2.5 },
  community: { color: [150, 200, 240, 150], width: 1.2 },
  full: { color: [140, 180, 220, 110], width: 1 },
  micro: { color: [120, 160, 200, 70], width: 0.6 },
} as const satisfies Record<string, { color: [number, number, number, number]; width: number }>;

/**
 * The grid polygons at every level as outline layers; finer levels are toggled with `visible` by zoom
 * so their geometry is uploaded once and never rebuilt.
 */
export function gridLayers(
  grids: Record<'district' | 'community' | 'full' | 'micro', GridFeatures>,
  zoom: number,
) {
  const s = GRID_LEVEL_STYLE;
  return [
    outlineLayer('grid-micro', grids.micro, s.micro.color, s.micro.width, zoom >= LEVEL_MIN_ZOOM.micro),
    outlineLayer('grid-full', grids.full, s.full.color, s.full.width, zoom >= LEVEL_MIN_ZOOM.full),
    outlineLayer(
      'grid-community',
      grids.community,
      s.community.color,
      s.community.width,
      zoom >= LEVEL_MIN_ZOOM.community,
    ),
    outlineLayer('grid-district', grids.district, s.district.color, s.district.width, true),
  ];
}

function outlineLayer(
  id: string,
  data: GridFeatures,
  color: [number, number, number, number],
  width: number,
  visible: boolean,
) {
  return new GeoJsonLayer<GridInfo>({
    id,
    data: data as unknown as Feature<Geometry, GridInfo>[],
    visible,
    filled: false,
    stroked: true,
    getLineColor: color,
    getLineWidth: width,
    lineWidthUnits: 'pixels',
    pickable: false,
  });
}

/** Labels in Chinese for the districts (far out) and communities (closer in). */
export function gridLabelLayer(id: string, labels: GridLabel[], size: number, visible: boolean) {
  return new TextLayer<GridLabel>({
    id,
    data: labels,
    visible,
    getText: (d) => d.name,
    getPosition: (d) => d.position,
    getSize: size,
    sizeUnits: 'pixels',
    getColor: [225, 238, 255, 235],
    outlineWidth: 3,
    outlineColor: [8, 18, 32, 230],
    fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif',
    fontSettings: { sdf: true },
    characterSet: 'auto',
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  });
}
