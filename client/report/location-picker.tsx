import type { Layer, PickingInfo } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { useCallback, useState } from 'react';
import { t } from '../i18n/t';
import { CityMap } from '../map/city-map';
import { gridLayers } from '../map/layers/grid-layers';
import type { CityData } from '../net/city-data';

export type LonLat = [number, number];

export interface LocationPickerProps {
  data: CityData | null;
  value: LonLat | null;
  onChange: (value: LonLat) => void;
}

/** Where the event is: the phone's position on request, or a tap on a small map of the city. */
export function LocationPicker({ data, value, onChange }: LocationPickerProps) {
  const [locating, setLocating] = useState(false);
  // Why the phone gave no position; worded at render time, so in the language of the moment.
  const [error, setError] = useState<string | null>(null);
  const [focus, setFocus] = useState<[number, number, number, number] | null>(null);

  const pick = useCallback(
    (p: LonLat, fly: boolean) => {
      onChange(p);
      // About 300 m around the point: close enough to check the street, wide enough to correct it.
      if (fly) setFocus([p[0] - 0.003, p[1] - 0.003, p[0] + 0.003, p[1] + 0.003]);
    },
    [onChange],
  );

  const locate = () => {
    if (!navigator.geolocation) return setError('geolocation');
    setLocating(true);
    setError(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        pick([round6(pos.coords.longitude), round6(pos.coords.latitude)], true);
      },
      (err) => {
        setLocating(false);
        setError(err.message);
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  };

  const layers = useCallback(
    (zoom: number): Layer[] =>
      data
        ? [
            ...gridLayers(data.grids, zoom),
            new ScatterplotLayer<LonLat>({
              id: 'picked',
              data: value ? [value] : [],
              getPosition: (d) => d,
              radiusUnits: 'pixels',
              getRadius: 9,
              getFillColor: [255, 82, 82, 230],
              stroked: true,
              getLineColor: [255, 255, 255],
              lineWidthUnits: 'pixels',
              getLineWidth: 2,
            }),
          ]
        : [],
    [data, value],
  );
  const onClick = useCallback(
    (info: PickingInfo) => {
      if (info.coordinate) pick([round6(info.coordinate[0]!), round6(info.coordinate[1]!)], false);
    },
    [pick],
  );

  return (
    <fieldset className="location-picker">
      <legend>{t('report.location')}</legend>
      <button type="button" className="locate" onClick={locate} disabled={locating}>
        {locating ? t('report.locating') : t('report.useMyLocation')}
      </button>
      <span className="hint">{t('report.tapMap')}</span>
      <div className="report-map" data-testid="report-map">
        {data && (
          <CityMap
            data={data}
            layers={layers}
            revision={value ? value[0] + value[1] : 0}
            interactive={true}
            onClick={onClick}
            focus={focus}
          />
        )}
      </div>
      <p className="picked" data-testid="picked-location">
        {value
          ? t('report.picked', { lon: value[0].toFixed(5), lat: value[1].toFixed(5) })
          : t('report.noLocation')}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {t('report.locationUnavailable', { error })}
        </p>
      )}
    </fieldset>
  );
}

/** Six decimals is about 10 cm: more would only pretend to a precision no phone has. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
