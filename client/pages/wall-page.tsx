import type { Layer } from '@deck.gl/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { labelPoint } from '../../shared/geo/label-point';
import { CityMap } from '../map/city-map';
import { eventLayer } from '../map/layers/event-layer';
import { type GridLabel, gridLabelLayer, gridLayers, LEVEL_MIN_ZOOM } from '../map/layers/grid-layers';
import { createTrafficOverlay } from '../map/traffic-overlay';
import { type CityData, type GridFeatures, loadCityData } from '../net/city-data';
import { connectLive } from '../net/live-socket';
import { attachTraffic } from '../net/traffic-socket';
import { StatusHeader } from '../panels/status-header';
import { TrafficPanel } from '../panels/traffic-panel';
import { LiveStore } from '../state/live-store';
import { TrafficStore } from '../state/traffic-store';
import { useLiveSummary, useNow, useThrottledRevision } from '../state/use-live';
import { useTrafficSummary } from '../state/use-traffic';
import { exposeTestHooks } from './test-hooks';
import { exposeTrafficHooks } from './traffic-test-hooks';

const store = new LiveStore();
const traffic = new TrafficStore();
const trafficLayers = createTrafficOverlay(traffic);

/** The command-centre wall: read-only, full screen, live. */
export function WallPage() {
  const [data, setData] = useState<CityData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const summary = useLiveSummary(store);
  const revision = useThrottledRevision(store, 250);
  const now = useNow(1000);
  const trafficVersion = useTrafficSummary(traffic).version;

  useEffect(() => {
    loadCityData().then(setData, (err: Error) => setError(err.message));
    const socket = connectLive(store, { cadenceMs: 250 });
    attachTraffic(socket, traffic);
    exposeTrafficHooks(traffic, trafficLayers);
    return () => {
      socket.close();
    };
  }, []);

  const labels = useMemo(
    () =>
      data ? { district: labelsOf(data.grids.district), community: labelsOf(data.grids.community) } : null,
    [data],
  );
  const hooks = useMemo(() => exposeTestHooks(store), []);

  const layers = useCallback(
    (zoom: number): Layer[] => {
      if (!data || !labels) return [];
      const events = [...store.events.values()];
      return [
        ...gridLayers(data.grids, zoom),
        ...trafficLayers(trafficVersion),
        eventLayer(events, revision),
        gridLabelLayer('labels-community', labels.community, 13, zoom >= LEVEL_MIN_ZOOM.community),
        gridLabelLayer('labels-district', labels.district, 20, zoom < LEVEL_MIN_ZOOM.community),
      ];
    },
    [data, labels, revision, trafficVersion],
  );

  if (error) return <div className="page-error">无法加载城市数据：{error}</div>;
  return (
    <div className="wall">
      <StatusHeader
        title={data ? `${data.city.name}城市大脑` : '城市大脑'}
        subtitle="网格事件态势 · 实时"
        timezone={data?.city.timezone ?? 'Asia/Shanghai'}
        summary={summary}
        now={now}
      />
      <div className="wall-body">
        <main className="wall-map">
          {data && (
            <CityMap
              data={data}
              layers={layers}
              revision={revision + trafficVersion}
              interactive={false}
              onAfterRender={hooks.onFrame}
            />
          )}
        </main>
        <TrafficPanel store={traffic} timezone={data?.city.timezone ?? 'Asia/Shanghai'} />
      </div>
    </div>
  );
}

function labelsOf(features: GridFeatures): GridLabel[] {
  return features.features.map((f) => ({
    name: f.properties.name,
    position: labelPoint(f.geometry),
  }));
}
