import { PathLayer } from '@deck.gl/layers';
import {
  levelOfSpeed,
  type RoadClass,
  TRAFFIC_LEVELS,
  UNKNOWN_COLOR,
} from '../../../shared/traffic/speed-bands';

/** Line width per class in pixels: expressways and arterials stand out from across the room. */
const WIDTH: Record<RoadClass, number> = { expressway: 6, arterial: 4.5, collector: 2.5, branch: 1.5 };

/**
 * The road network as deck.gl binary path data, built once: positions, start indices and widths never
 * change. Only `attributes.getColor` is replaced on a speed update (see setTrafficColours), and the
 * layer keeps this same object as `data`, so deck.gl re-uploads one colour buffer and never
 * re-tessellates the paths.
 */
export interface TrafficPathData {
  length: number;
  startIndices: Uint32Array;
  attributes: {
    getPath: { value: Float64Array; size: 2 };
    getWidth: { value: Float32Array; size: 1 };
    getColor: { value: Uint8Array; size: 4 };
  };
  /** Segment i's road class, for its level. */
  classes: RoadClass[];
  vertexCount: number;
}

/** Packs the segments' paths (in frame order) into binary columns; every segment starts grey. */
export function buildTrafficPaths(
  roads: readonly { roadClass: RoadClass; path: [number, number][] }[],
): TrafficPathData {
  const vertexCount = roads.reduce((n, r) => n + r.path.length, 0);
  const startIndices = new Uint32Array(roads.length + 1);
  const positions = new Float64Array(vertexCount * 2);
  const widths = new Float32Array(vertexCount);
  let v = 0;
  roads.forEach((r, i) => {
    startIndices[i] = v;
    for (const [lon, lat] of r.path) {
      positions[v * 2] = lon;
      positions[v * 2 + 1] = lat;
      widths[v] = WIDTH[r.roadClass];
      v++;
    }
  });
  startIndices[roads.length] = v;
  const data: TrafficPathData = {
    length: roads.length,
    startIndices,
    attributes: {
      getPath: { value: positions, size: 2 },
      getWidth: { value: widths, size: 1 },
      getColor: { value: new Uint8Array(vertexCount * 4), size: 4 },
    },
    classes: roads.map((r) => r.roadClass),
    vertexCount,
  };
  setTrafficColours(data, new Float64Array(roads.length).fill(Number.NaN));
  return data;
}

/** Per-vertex colours for `speeds` (frame order, NaN unknown → grey), as a new buffer on the same data. */
export function setTrafficColours(data: TrafficPathData, speeds: ArrayLike<number>): void {
  const colours = new Uint8Array(data.vertexCount * 4);
  for (let i = 0; i < data.length; i++) {
    const speed = speeds[i] ?? Number.NaN;
    const known = !Number.isNaN(speed);
    const [r, g, b] = known ? TRAFFIC_LEVELS[levelOfSpeed(speed, data.classes[i]!)]!.color : UNKNOWN_COLOR;
    const alpha = known ? 235 : 150;
    for (let v = data.startIndices[i]!; v < data.startIndices[i + 1]!; v++) {
      colours[v * 4] = r;
      colours[v * 4 + 1] = g;
      colours[v * 4 + 2] = b;
      colours[v * 4 + 3] = alpha;
    }
  }
  // A new typed array, not an in-place write: deck.gl notices a changed buffer by identity.
  data.attributes.getColor = { value: colours, size: 4 };
}

/** Roads coloured by level and sized by class; `version` tells deck.gl the colours changed. */
export function trafficLayer(data: TrafficPathData, version: number) {
  return new PathLayer({
    id: 'traffic',
    data,
    _pathType: 'open',
    widthUnits: 'pixels',
    widthMinPixels: 1,
    capRounded: true,
    jointRounded: true,
    updateTriggers: { getColor: version },
    pickable: false,
  });
}
