import type { Layer } from '@deck.gl/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type AreaGeometry, type BBox, bboxOf } from '../../shared/geo/geometry';
import { labelPoint } from '../../shared/geo/label-point';
import { getLang, t } from '../i18n/t';
import { CityMap } from '../map/city-map';
import { liveEventLayer } from '../map/layers/event-layer';
import { type GridLabel, gridLabelLayer, gridLayers, LEVEL_MIN_ZOOM } from '../map/layers/grid-layers';
import { riskChoroplethLayer, riskHeatmapLayer } from '../map/layers/heatmap-layer';
import { LivePoints } from '../map/live-points';
import { createTrafficOverlay } from '../map/traffic-overlay';
import { attachAlerts } from '../net/alert-feed';
import { type CityData, type GridFeatures, loadCityData } from '../net/city-data';
import { connectLive } from '../net/live-socket';
import { attachPlans } from '../net/plan-feed';
import { attachTraffic } from '../net/traffic-socket';
import { AlertTicker } from '../panels/alert-ticker';
import { DutyColumn } from '../panels/duty-board';
import { EventsPanel } from '../panels/events-panel';
import { KpiStrip } from '../panels/kpi-strip';
import { MapLegend } from '../panels/map-legend';
import { StatusHeader } from '../panels/status-header';
import { TrafficPanel } from '../panels/traffic-panel';
import { AlertStore } from '../state/alert-store';
import { LiveStore } from '../state/live-store';
import { PlanStore, usePlans } from '../state/plan-store';
import { TrafficStore } from '../state/traffic-store';
import { useAlerts } from '../state/use-alerts';
import { useLiveSummary, useNow, useThrottledRevision } from '../state/use-live';
import { useTodayStats } from '../state/use-today-stats';
import { useTrafficSummary } from '../state/use-traffic';
import { alertBBox, newRedAlerts, RED_ALERT_HOLD_MS } from '../wall/red-alert-focus';
import { TourLabel } from '../wall/tour-label';
import { useAlertSound } from '../wall/use-alert-sound';
import { useTour } from '../wall/use-tour';
import { useWatchdog } from '../wall/use-watchdog';
import { exposeTestHooks } from './test-hooks';
import { exposeTrafficHooks } from './traffic-test-hooks';

const store = new LiveStore();
/** The open events as typed arrays for the map, updated per batch (not rebuilt from every event). */
const points = new LivePoints(store);
const traffic = new TrafficStore();
const trafficLayers = createTrafficOverlay(traffic);
const alerts = new AlertStore();
const plans = new PlanStore();
/** The wall shows risk as a heat map, or as a choropleth of micro-grids with `?risk=grid`. */
const RISK_AS_GRIDS = new URLSearchParams(window.location.search).get('risk') === 'grid';

/** The command-centre wall: read-only, full screen, live. */
export function WallPage() {
  const [data, setData] = useState<CityData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const summary = useLiveSummary(store);
  const revision = useThrottledRevision(store, 250);
  const now = useNow(1000);
  useWatchdog(store);
  const today = useTodayStats();
  const tour = useTour(data);
  const trafficSummary = useTrafficSummary(traffic);
  const trafficVersion = trafficSummary.version;
  const alertSummary = useAlerts(alerts);
  const planSummary = usePlans(plans);
  useAlertSound(alertSummary.active);
  const seenRed = useRef<Set<string> | null>(null);
  // A new red alert takes the wall from its tour: fly there, hold, then the tour resumes.
  useEffect(() => {
    if (!data || alertSummary.version === 0) return;
    const initial = seenRed.current === null;
    seenRed.current ??= new Set();
    const [newest] = newRedAlerts(alertSummary.active, seenRed.current, initial);
    const bbox = newest ? alertBBox(newest, (id) => gridBBoxOf(data, id)) : null;
    if (newest && bbox) tour.interrupt(bbox, RED_ALERT_HOLD_MS, newest.title);
  }, [alertSummary, data, tour.interrupt]);

  useEffect(() => {
    loadCityData().then(setData, (err: Error) => setError(err.message));
    const socket = connectLive(store, { cadenceMs: 250 });
    attachTraffic(socket, traffic);
    attachAlerts(socket, alerts);
    attachPlans(socket, plans);
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
  const hooks = useMemo(() => exposeTestHooks(store, { alerts, points }), []);
  const microAnchors = useMemo(() => (data ? labelsOf(data.grids.micro).map((l) => l.position) : []), [data]);
  const risk = alertSummary.risk;

  const layers = useCallback(
    (zoom: number): Layer[] => {
      if (!data || !labels) return [];
      return [
        ...gridLayers(data.grids, zoom),
        ...trafficLayers(trafficVersion),
        riskChoroplethLayer(data.grids.micro.features, risk, RISK_AS_GRIDS),
        riskHeatmapLayer(microAnchors, risk, !RISK_AS_GRIDS),
        liveEventLayer(points),
        gridLabelLayer('labels-community', labels.community, 13, zoom >= LEVEL_MIN_ZOOM.community),
        gridLabelLayer('labels-district', labels.district, 20, zoom < LEVEL_MIN_ZOOM.community),
      ];
    },
    [data, labels, trafficVersion, microAnchors, risk],
  );

  if (error) return <div className="page-error">{t('app.loadFailed', { error })}</div>;
  return (
    <div className="wall">
      <StatusHeader
        title={
          data
            ? t('app.cityBrainOf', { city: getLang() === 'en' ? data.city.nameEn : data.city.name })
            : t('app.cityBrain')
        }
        subtitle={t('wall.subtitle')}
        timezone={data?.city.timezone ?? 'Asia/Shanghai'}
        summary={summary}
        feeds={[{ name: t('header.feedTraffic'), lastAt: trafficSummary.receivedAt }]}
        now={now}
      />
      <KpiStrip summary={summary} today={today} />
      <div className="wall-body">
        <EventsPanel />
        <main className="wall-map">
          {data && (
            <CityMap
              data={data}
              layers={layers}
              revision={revision + trafficVersion + (risk?.at ?? 0)}
              interactive={false}
              onAfterRender={hooks.onFrame}
              focus={tour.view ? (tour.view.kind === 'stop' ? tour.view.stop.bbox : tour.view.bbox) : null}
            />
          )}
          <TourLabel view={tour.view} />
          <MapLegend />
          <AlertTicker
            alerts={alertSummary.active}
            timezone={data?.city.timezone ?? 'Asia/Shanghai'}
            planProgress={planSummary.progressByAlert}
          />
          {data && (
            <DutyColumn
              districtNames={
                new Map(data.grids.district.features.map((f) => [f.properties.id, f.properties.name]))
              }
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

/** The bounding box of a grid of any level, or null when the id is unknown. */
function gridBBoxOf(data: CityData, id: string): BBox | null {
  for (const level of ['district', 'community', 'full', 'micro'] as const) {
    const f = data.grids[level].features.find((g) => g.properties.id === id);
    if (f) return bboxOf(f.geometry as AreaGeometry);
  }
  return null;
}
