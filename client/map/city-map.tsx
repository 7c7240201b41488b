import type { Layer, PickingInfo } from '@deck.gl/core';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { CityData } from '../net/city-data';
import { CityMapController, type CityMapOptions } from './city-map-controller';

export interface CityMapProps
  extends Omit<CityMapOptions, 'onZoom' | 'onClick' | 'tooltip' | 'staticOverlay'> {
  data: CityData;
  /** Builds the deck.gl layers for a zoom; called on zoom and whenever `revision` changes. */
  layers: (zoom: number) => Layer[];
  revision: number;
  /**
   * Slow-changing layers drawn above `layers` on an overlay of their own (CityMapOptions.staticOverlay);
   * called on zoom and whenever `staticRevision` changes, never for a change of `revision`.
   */
  staticLayers?: (zoom: number) => Layer[];
  staticRevision?: number;
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
  staticLayers,
  staticRevision = 0,
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
  const latest = useRef({ layers, staticLayers, onClick, tooltip });
  latest.current = { layers, staticLayers, onClick, tooltip };
  const hasStatic = staticLayers !== undefined;

  useEffect(() => {
    if (!container.current) return;
    const c = new CityMapController(container.current, data, {
      interactive,
      onAfterRender,
      reserve,
      staticOverlay: hasStatic,
      onZoom: (zoom) => {
        c.setStaticLayers(latest.current.staticLayers?.(zoom) ?? []);
        c.setLayers(latest.current.layers(zoom));
      },
      onClick: (info) => latest.current.onClick?.(info),
      tooltip: (info) => latest.current.tooltip?.(info) ?? null,
    });
    controller.current = c;
    c.setStaticLayers(latest.current.staticLayers?.(c.zoom) ?? []);
    c.setLayers(latest.current.layers(c.zoom));
    return () => {
      c.destroy();
      controller.current = null;
    };
  }, [data, interactive, onAfterRender, reserve, hasStatic]);

  // Layout effects, not passive ones: the layers go to deck.gl in the same task as React's commit, so the
  // next frame draws them with the page's other changes (the header's counts). A passive effect runs
  // after that frame has painted, and the batch then took two frames instead of one (bench/browser.ts).
  useLayoutEffect(() => {
    const c = controller.current;
    if (c && revision >= 0) c.setLayers(latest.current.layers(c.zoom));
  }, [revision]);

  useLayoutEffect(() => {
    const c = controller.current;
    if (c && staticRevision >= 0) c.setStaticLayers(latest.current.staticLayers?.(c.zoom) ?? []);
  }, [staticRevision]);

  useEffect(() => {
    if (focus) controller.current?.fitTo(focus);
  }, [focus]);

  return <div ref={container} className="city-map" />;
}
