import { Deck, type Layer, type PickingInfo } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { Map as MapLibreMap, type PaddingOptions, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { CityData } from '../net/city-data';
import { buildBaseStyle } from './base-style';

setWorkerUrl(workerUrl);

/**
 * The classes behind a map: a map shown holds one MapLibre Map and one deck.gl Deck per overlay (two
 * with `staticOverlay`). The wall soak (bench/wall-soak.ts) counts their instances after a forced GC to
 * find detached ones.
 */
export const MAP_INSTANCE_CLASSES = { deck: Deck, map: MapLibreMap } as const;

const TOOLTIP_STYLE = {
  whiteSpace: 'pre',
  background: '#0e1c2e',
  color: '#e6f0ff',
  border: '1px solid #2a4a70',
  fontSize: '13px',
};

export interface CityMapOptions {
  interactive: boolean;
  /**
   * Called after every deck.gl frame with whether the base map has drawn all its sources; once it
   * has, every later call says true (the hooks wait for the first time only).
   */
  onAfterRender?: (baseMapReady: boolean) => void;
  onZoom?: (zoom: number) => void;
  /** Clicks on a pickable deck.gl object (the console's drill-down). */
  onClick?: (info: PickingInfo) => void;
  /** Hover tooltips: text for an object, or null for none. */
  tooltip?: (info: PickingInfo) => string | null;
  /**
   * Pixels along the map's edges that panels float over (the wall's duty column): the camera frames the
   * city and every tour stop in the rest, so nothing the room should see lies under a panel. Asked
   * again whenever the map is resized.
   */
  reserve?: (container: HTMLElement) => Partial<PaddingOptions>;
  /**
   * Draw slow-changing layers (grid outlines, traffic, labels) on a second deck.gl overlay above the live
   * one, so that a live batch redraws only the live layers: deck.gl redraws every layer of an overlay on
   * each frame, and at city zoom the wall's static layers doubled the cost of a batch (bench/browser.ts).
   * Above, not under: outlines, roads and labels read over the risk colours, as on a printed map.
   */
  staticOverlay?: boolean;
}

/**
 * The only code that touches the MapLibre and deck.gl instances: an offline MapLibre map with a
 * deck.gl overlay on its own canvas above it. Not interleaved: then every deck.gl redraw (a live batch,
 * a recolour) repainted the whole base map too, and every base-map repaint (tiles, label fades) drew
 * deck.gl's 100,000 points again: 2–4 frames of both per batch instead of one of deck.gl alone
 * (bench/browser.ts).
 */
export class CityMapController {
  readonly map: MapLibreMap;
  private readonly overlay: MapLibreOverlay;
  /** Slow-changing layers (with `staticOverlay`), drawn above the live overlay on a canvas of their own. */
  private readonly staticOverlay: MapLibreOverlay | null;

  constructor(container: HTMLElement, data: CityData, options: CityMapOptions) {
    const [w, s, e, n] = data.city.bbox;
    this.map = new MapLibreMap({
      container,
      style: buildBaseStyle(data.basemap, data.outline),
      center: data.city.center,
      zoom: data.city.zoom,
      interactive: options.interactive,
      attributionControl: false,
      maxBounds: [
        [w - 0.3, s - 0.2],
        [e + 0.3, n + 0.2],
      ],
    });
    const reserve = () =>
      this.map.setPadding({ top: 0, right: 0, bottom: 0, left: 0, ...options.reserve?.(container) });
    reserve();
    this.map.on('resize', reserve);
    this.map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 40, animate: false },
    );
    // MapLibre's 'idle' never fires while deck keeps asking for frames, so readiness is read per frame,
    // until the first yes: `loaded()` walks every source's tiles, 0.6 ms of each live batch's frame on
    // the wall (bench/browser.ts) to answer a question settled long before.
    const onAfterRender = options.onAfterRender;
    let baseMapReady = false;
    this.overlay = new MapLibreOverlay({
      interleaved: false,
      layers: [],
      onClick: options.onClick,
      getTooltip: options.tooltip
        ? (info: PickingInfo) => {
            const text = options.tooltip!(info);
            // Inline style: deck.gl sets its own inline styles on the tooltip, which a stylesheet cannot beat.
            return text ? { text, style: TOOLTIP_STYLE } : null;
          }
        : undefined,
      // A no-op rather than undefined: an explicit undefined replaces deck.gl's default and it throws per frame.
      onAfterRender: onAfterRender
        ? () => {
            baseMapReady ||= this.map.loaded() && this.map.areTilesLoaded();
            onAfterRender(baseMapReady);
          }
        : () => undefined,
    });
    this.map.addControl(this.overlay);
    // Not pickable (clicks and tooltips are the live overlay's); added second, so its canvas lies above.
    this.staticOverlay = options.staticOverlay
      ? new MapLibreOverlay({ interleaved: false, layers: [], onAfterRender: () => undefined })
      : null;
    if (this.staticOverlay) this.map.addControl(this.staticOverlay);
    this.map.on('zoomend', () => options.onZoom?.(this.map.getZoom()));
  }

  /** Moves the camera to a bounding box [w, s, e, n]. */
  fitTo(bbox: [number, number, number, number]): void {
    this.map.fitBounds(
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
      { padding: 60, duration: 800, maxZoom: 16 },
    );
  }

  get zoom(): number {
    return this.map.getZoom();
  }

  setLayers(layers: Layer[]): void {
    this.overlay.setProps({ layers });
  }

  /** The static overlay's layers (`staticOverlay`), drawn above the live layers. */
  setStaticLayers(layers: Layer[]): void {
    this.staticOverlay?.setProps({ layers });
  }

  destroy(): void {
    if (this.staticOverlay) {
      this.map.removeControl(this.staticOverlay);
      this.staticOverlay.finalize();
    }
    this.map.removeControl(this.overlay);
    this.overlay.finalize();
    this.map.remove();
  }
}
