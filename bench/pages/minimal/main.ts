/**
 * The browser benchmark's baseline (bench/browser.ts): plain deck.gl, nothing else. A ScatterplotLayer
 * of live points fed as binary attributes (typed arrays it appends a batch to) and a SolidPolygonLayer of
 * the micro-grids recoloured through `updateTriggers` on `getFillColor` (colours only, no tessellation).
 * Built by bench/lib/client-build.ts and served by the benchmark itself; loads nothing from elsewhere.
 */
import { Deck, MapView, WebMercatorViewport } from '@deck.gl/core';
import { ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';

interface Batch {
  positions: Float32Array;
  fill: Uint8Array;
  line: Uint8Array;
  radius: Float32Array;
  lineWidth: Float32Array;
}

interface Setup {
  bbox: [number, number, number, number];
  /** Polygons (rings of [lon, lat]) and the micro-grid index each colours by. */
  polygons: { rings: [number, number][][]; index: number }[];
  /** Points at start and per batch, and polygon colours per batch (RGBA per micro-grid). */
  initial: Batch;
  batches: Batch[];
  colours: Uint8Array[];
}

declare global {
  interface Window {
    __minimal?: {
      frames: number;
      load: (setup: Setup) => Promise<void>;
      step: (i: number) => Promise<void>;
    };
  }
}

let deck: Deck<MapView> | null = null;
let frames = 0;
let version = 0;
let drawn = -1;
let handedOut = -1;
let n = 0;
let arrays: Batch | null = null;
let colours: Uint8Array = new Uint8Array(0);
let setup: Setup | null = null;

function layers() {
  const a = arrays!;
  const c = colours;
  return [
    new SolidPolygonLayer<Setup['polygons'][number]>({
      id: 'polygons',
      data: setup!.polygons,
      getPolygon: (d) => d.rings,
      getFillColor: (d) => [c[4 * d.index]!, c[4 * d.index + 1]!, c[4 * d.index + 2]!, c[4 * d.index + 3]!],
      updateTriggers: { getFillColor: version },
    }),
    new ScatterplotLayer({
      id: 'points',
      data: {
        length: n,
        attributes: {
          getPosition: { value: a.positions.subarray(0, 2 * n), size: 2 },
          getFillColor: { value: a.fill.subarray(0, 4 * n), size: 4, normalized: true },
          getLineColor: { value: a.line.subarray(0, 4 * n), size: 4, normalized: true },
          getRadius: { value: a.radius.subarray(0, n), size: 1 },
          getLineWidth: { value: a.lineWidth.subarray(0, n), size: 1 },
        },
      },
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      stroked: true,
      lineWidthMinPixels: 1,
    }),
  ];
}

function show(): void {
  version++;
  handedOut = version;
  deck!.setProps({ layers: layers() });
}

async function untilDrawn(): Promise<void> {
  while (drawn < handedOut) await new Promise((r) => setTimeout(r, 20));
}

window.__minimal = {
  get frames() {
    return frames;
  },
  load: async (s) => {
    setup = s;
    const total = s.initial.radius.length + s.batches.reduce((k, b) => k + b.radius.length, 0);
    arrays = {
      positions: new Float32Array(2 * total),
      fill: new Uint8Array(4 * total),
      line: new Uint8Array(4 * total),
      radius: new Float32Array(total),
      lineWidth: new Float32Array(total),
    };
    append(s.initial);
    colours = new Uint8Array(4 * (Math.max(...s.polygons.map((p) => p.index)) + 1));
    const [w, so, e, no] = s.bbox;
    const view = new WebMercatorViewport({ width: window.innerWidth, height: window.innerHeight }).fitBounds(
      [
        [w, so],
        [e, no],
      ],
      { padding: 40 },
    );
    deck = new Deck({
      parent: fullPage(),
      views: new MapView({ repeat: false }),
      initialViewState: { longitude: view.longitude, latitude: view.latitude, zoom: view.zoom },
      controller: false,
      layers: [],
      onAfterRender: () => {
        frames++;
        drawn = handedOut;
      },
    });
    show();
    await untilDrawn();
  },
  step: async (i) => {
    const s = setup!;
    append(s.batches[i]!);
    colours = s.colours[i]!;
    show();
    await untilDrawn();
  },
};

function append(b: Batch): void {
  const a = arrays!;
  const k = b.radius.length;
  a.positions.set(b.positions, 2 * n);
  a.fill.set(b.fill, 4 * n);
  a.line.set(b.line, 4 * n);
  a.radius.set(b.radius, n);
  a.lineWidth.set(b.lineWidth, n);
  n += k;
}

function fullPage(): HTMLDivElement {
  const div = document.createElement('div');
  div.style.cssText = 'position:absolute;inset:0';
  return document.body.appendChild(div);
}
