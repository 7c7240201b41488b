import type { Layer } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { CityData } from '../net/city-data';
import { buildBaseStyle } from './base-style';

setWorkerUrl(workerUrl);

export interface CityMapOptions {
  interactive: boolean;
  /** Called after every deck.gl frame with whether the base map has drawn all its sources. */
  onAfterRender?: (baseMapReady: boolean) => void;
  onZoom?: (zoom: number) => void;
}

/**
 * The only code that touches the MapLibre and deck.gl instances: an offline MapLibre map with a
 * deck.gl overlay interleaved into its WebGL context.
 */
export class CityMapController {
  readonly map: MapLibreMap;
  private readonly overlay: MapLibreOverlay;

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
    this.map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: 40, animate: false },
    );
    // MapLibre's 'idle' never fires while deck keeps asking for frames, so readiness is read per frame.
    const onAfterRender = options.onAfterRender;
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [],
      onAfterRender: onAfterRender
        ? () => onAfterRender(this.map.loaded() && this.map.areTilesLoaded())
        : undefined,
    });
    this.map.addControl(this.overlay);
    this.map.on('zoomend', () => options.onZoom?.(this.map.getZoom()));
  }

  get zoom(): number {
    return this.map.getZoom();
  }

  setLayers(layers: Layer[]): void {
    this.overlay.setProps({ layers });
  }

  destroy(): void {
    this.map.removeControl(this.overlay);
    this.overlay.finalize();
    this.map.remove();
  }
}
