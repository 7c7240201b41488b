import type { Layer, PickingInfo } from '@deck.gl/core';
import { useEffect, useRef } from 'react';
import type { CityData } from '../net/city-data';
import { CityMapController, type CityMapOptions } from './city-map-controller';

export interface CityMapProps extends Omit<CityMapOptions, 'onZoom' | 'onClick' | 'tooltip'> {
  data: CityData;
  /** Builds the deck.gl layers for a zoom; called on zoom and whenever `revision` changes. */
  layers: (zoom: number) => Layer[];
  revision: number;
  onClick?: (info: PickingInfo) => void;
  tooltip?: (info: PickingInfo) => string | null;
  /** When it changes, the camera flies to this bounding box. */
  focus?: [number, number, number, number] | null;
}

/** A React shell around CityMapController: created once, fed layers, destroyed on unmount. */
export function CityMap({
  data,
  layers,
  revision,
  interactive,
  onAfterRender,
  onClick,
  tooltip,
  focus,
  reserve,
}: CityMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<CityMapController | null>(null);
  // Callbacks live in refs so that a new closure from the page never rebuilds the map.
  const latest = useRef({ layers, onClick, tooltip });
  latest.current = { layers, onClick, tooltip };

  useEffect(() => {
    if (!container.current) return;
    const c = new CityMapController(container.current, data, {
      interactive,
      onAfterRender,
      reserve,
      onZoom: (zoom) => c.setLayers(latest.current.layers(zoom)),
      onClick: (info) => latest.current.onClick?.(info),
      tooltip: (info) => latest.current.tooltip?.(info) ?? null,
    });
    controller.current = c;
    c.setLayers(latest.current.layers(c.zoom));
    return () => {
      c.destroy();
      controller.current = null;
    };
  }, [data, interactive, onAfterRender, reserve]);

  useEffect(() => {
    const c = controller.current;
    if (c && revision >= 0) c.setLayers(latest.current.layers(c.zoom));
  }, [revision]);

  useEffect(() => {
    if (focus) controller.current?.fitTo(focus);
  }, [focus]);

  return <div ref={container} className="city-map" />;
}
