import type { Layer } from '@deck.gl/core';
import { useEffect, useRef } from 'react';
import type { CityData } from '../net/city-data';
import { CityMapController, type CityMapOptions } from './city-map-controller';

export interface CityMapProps extends Omit<CityMapOptions, 'onZoom'> {
  data: CityData;
  /** Builds the deck.gl layers for a zoom; called on zoom and whenever `revision` changes. */
  layers: (zoom: number) => Layer[];
  revision: number;
}

/** A React shell around CityMapController: created once, fed layers, destroyed on unmount. */
export function CityMap({ data, layers, revision, interactive, onAfterRender }: CityMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<CityMapController | null>(null);
  const layersRef = useRef(layers);
  layersRef.current = layers;

  useEffect(() => {
    if (!container.current) return;
    const c = new CityMapController(container.current, data, {
      interactive,
      onAfterRender,
      onZoom: (zoom) => c.setLayers(layersRef.current(zoom)),
    });
    controller.current = c;
    c.setLayers(layersRef.current(c.zoom));
    return () => {
      c.destroy();
      controller.current = null;
    };
  }, [data, interactive, onAfterRender]);

  useEffect(() => {
    const c = controller.current;
    if (c && revision >= 0) c.setLayers(layersRef.current(c.zoom));
  }, [revision]);

  return <div ref={container} className="city-map" />;
}
