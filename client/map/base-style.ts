import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';

/** Colours of the dark wall theme; the console uses the same for now. */
export const THEME = {
  background: '#0b1726',
  sea: '#123a5e',
  land: '#0d1a2b',
  water: '#1b4a73',
  road: '#2f4a66',
  roadMajor: '#44648a',
  outline: '#6fa8dc',
};

/**
 * The offline base style: every source is inline GeoJSON from the city dataset, so the map makes no
 * request at all (no tiles, no glyphs, no sprites). Labels are drawn by deck.gl's TextLayer.
 */
export function buildBaseStyle(basemap: FeatureCollection, outline: FeatureCollection): StyleSpecification {
  return {
    version: 8,
    sources: {
      basemap: { type: 'geojson', data: basemap },
      outline: { type: 'geojson', data: outline },
    },
    layers: [
      // Beyond the dataset's coverage is land (the coast is the sea layer's edge): dark and quiet.
      { id: 'background', type: 'background', paint: { 'background-color': THEME.land } },
      {
        id: 'land',
        type: 'fill',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'land'],
        paint: { 'fill-color': THEME.land },
      },
      {
        id: 'city',
        type: 'fill',
        source: 'outline',
        paint: { 'fill-color': THEME.background, 'fill-opacity': 0.6 },
      },
      {
        id: 'sea',
        type: 'fill',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'sea'],
        paint: { 'fill-color': THEME.sea },
      },
      {
        id: 'water',
        type: 'fill',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'water'],
        paint: { 'fill-color': THEME.water },
      },
      {
        id: 'roads',
        type: 'line',
        source: 'basemap',
        filter: ['==', ['get', 'kind'], 'road'],
        paint: {
          'line-color': THEME.roadMajor,
          'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.8, 15, 4],
        },
      },
      {
        id: 'city-outline',
        type: 'line',
        source: 'outline',
        paint: { 'line-color': THEME.outline, 'line-width': 2.5 },
      },
    ],
  };
}
