import type { Layer } from '@deck.gl/core';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type AreaGeometry, type BBox, bboxOf } from '../../shared/geo/geometry';
import { labelPoint } from '../../shared/geo/label-point';
import { getLang, t, useLang } from '../i18n/t';
import { CityMap } from '../map/city-map';
import { liveEventLayer } from '../map/layers/event-layer';
import { type GridLabel, gridLabelLayer, gridLayers, LEVEL_MIN_ZOOM } from '../map/layers/grid-layers';
import { gridPolygons, riskChoroplethLayer, riskHeatmapLayer } from '../map/layers/heatmap-layer';
import { riskColours } from '../map/layers/risk-colours';
import { createTrafficOverlay } from '../map/traffic-overlay';
import type { CityData, GridFeatures } from '../net/city-data';
import { AlertTicker } from '../panels/alert-ticker';
import { DutyColumn } from '../panels/duty-board';
import { EventsPanel } from '../panels/events-panel';
import { KpiStrip } from '../panels/kpi-strip';
import { MapLegend } from '../panels/map-legend';
import { StatusHeader } from '../panels/status-header';
import { TrafficPanel } from '../panels/traffic-panel';
import type { LiveSummary } from '../state/live-store';
import { Ticker } from '../state/ticker';
import { useThrottledRevision } from '../state/use-live';
import { useSelector, useSummary, useSummaryOnTick } from '../state/use-store';
import { useTodayStats } from '../state/use-today-stats';
import { alertBBox, newRedAlerts, RED_ALERT_HOLD_MS } from '../wall/red-alert-focus';
import { TourLabel } from '../wall/tour-label';
import { useAlertSound } from '../wall/use-alert-sound';
import { type TourControl, useTour } from '../wall/use-tour';
import { useWatchdog } from '../wall/use-watchdog';
import { alerts, plans, points, startWall, store, traffic } from '../wall/wall-session';
import { exposeTestHooks } from './test-hooks';
import { exposeTrafficHooks } from './traffic-test-hooks';

const trafficLayers = createTrafficOverlay(traffic);
/** The wall shows risk as a heat map, or as a choropleth of micro-grids with `?risk=grid`. */
const RISK_AS_GRIDS = new URLSearchParams(window.location.search).get('risk') === 'grid';
const DEFAULT_TIMEZONE = 'Asia/Shanghai';
/**
 * The wall's clock: the header and the KPI strip re-render once a second, together, and show the live
 * figures as of that tick. Digits changing four times a second cannot be read from across the room, and
 * a live batch then costs them nothing (bench/browser.ts).
 */
const clock = new Ticker(1000);
/** What the header cannot leave for the next tick: the connection lost or back, the first data. */
const headerUrgent = (a: LiveSummary, b: LiveSummary) =>
  a.connection !== b.connection || (a.lastUpdateAt === null) !== (b.lastUpdateAt === null);
const neverUrgent = () => false;

/**
 * The command-centre wall: read-only, full screen, live. The page itself holds only what changes
 * rarely (city data, the tour); each part subscribes to the stores for what it shows, so a live batch
 * re-renders the header and the KPI strip, and the map's layers follow the stores without the page.
 */
export function WallPage() {
  const [data, setData] = useState<CityData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useWatchdog(store);
  const tour = useTour(data);

  useEffect(() => {
    const wall = startWall();
    exposeTrafficHooks(traffic, trafficLayers);
    wall.data.then(setData, (err: Error) => setError(err.message));
    return () => wall.close();
  }, []);

  const hooks = useMemo(() => exposeTestHooks(store, { alerts, points }), []);
  const districtNames = useMemo(
    () =>
      data ? new Map(data.grids.district.features.map((f) => [f.properties.id, f.properties.name])) : null,
    [data],
  );
  const timezone = data?.city.timezone ?? DEFAULT_TIMEZONE;
  const focus = tour.view ? (tour.view.kind === 'stop' ? tour.view.stop.bbox : tour.view.bbox) : null;

  if (error) return <div className="page-error">{t('app.loadFailed', { error })}</div>;
  return (
    <div className="wall">
      <RedAlertWatch data={data} interrupt={tour.interrupt} />
      <WallHeader
        title={
          data
            ? t('app.cityBrainOf', { city: getLang() === 'en' ? data.city.nameEn : data.city.name })
            : t('app.cityBrain')
        }
        timezone={timezone}
      />
      <WallKpiStrip />
      <div className="wall-body">
        <EventsPanel />
        <main className="wall-map">
          {data && <WallMap data={data} focus={focus} onFrame={hooks.onFrame} />}
          <TourLabel view={tour.view} />
          <MapLegend />
          <WallAlertTicker timezone={timezone} />
          {districtNames && <DutyColumn districtNames={districtNames} />}
        </main>
        <TrafficPanel store={traffic} timezone={timezone} />
      </div>
    </div>
  );
}

/** The header: the clock, the live counters and freshness move every second, the connection state at once. */
const WallHeader = memo(function WallHeader({ title, timezone }: { title: string; timezone: string }) {
  useLang();
  const summary = useSummaryOnTick(store, clock, headerUrgent);
  const now = useSummary(clock);
  const trafficAt = useSelector(traffic, (s) => s.receivedAt);
  const feeds = useMemo(() => [{ name: t('header.feedTraffic'), lastAt: trafficAt }], [trafficAt]);
  return (
    <StatusHeader
      title={title}
      subtitle={t('wall.subtitle')}
      timezone={timezone}
      summary={summary}
      feeds={feeds}
      now={now}
    />
  );
});

/** The headline figures: open and overdue from the live store (at the clock's tick), the day's from the server. */
const WallKpiStrip = memo(function WallKpiStrip() {
  useLang();
  const { openCount, overdueCount } = useSummaryOnTick(store, clock, neverUrgent);
  const today = useTodayStats();
  const summary = useMemo(() => ({ openCount, overdueCount }), [openCount, overdueCount]);
  return <KpiStrip summary={summary} today={today} />;
});

/** The ticker over the map: re-rendered by alert and plan changes, not by risk updates or batches. */
const WallAlertTicker = memo(function WallAlertTicker({ timezone }: { timezone: string }) {
  useLang();
  const active = useSelector(alerts, (s) => s.active);
  const { progressByAlert } = useSummary(plans);
  return <AlertTicker alerts={active} timezone={timezone} planProgress={progressByAlert} />;
});

/**
 * Sound for new alerts, and a new red alert takes the wall from its tour: fly there, hold, then the
 * tour resumes. Renders nothing; follows the active alerts only (risk updates leave them as they are).
 */
const RedAlertWatch = memo(function RedAlertWatch({
  data,
  interrupt,
}: {
  data: CityData | null;
  interrupt: TourControl['interrupt'];
}) {
  const active = useSelector(alerts, (s) => s.active);
  /** The alert snapshot received: until then `active` means nothing (a risk update may come first). */
  const received = useSelector(alerts, (s) => s.received);
  useAlertSound(active, received);
  const seenRed = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!data || !received) return;
    const initial = seenRed.current === null;
    seenRed.current ??= new Set();
    const [newest] = newRedAlerts(active, seenRed.current, initial);
    const bbox = newest ? alertBBox(newest, (id) => gridBBoxOf(data, id)) : null;
    if (newest && bbox) interrupt(bbox, RED_ALERT_HOLD_MS, newest.title);
  }, [active, received, data, interrupt]);
  return null;
});

/**
 * The rest of the picture (the risk layer, and the static overlay: grid outlines, traffic, labels) is
 * set up once the live overlay has drawn the first snapshot's points, or this long after the map came
 * up, whichever is first. Setting them up (the heat map's aggregation and colour passes, two font
 * atlases, their shaders, the paths of every grid level: most of a second of main thread in software
 * GL) came first on a cold start and held the live picture back (bench/cold-start.ts); the room sees
 * the live events, then a moment later the risk, the outlines and the names with them.
 */
const FULL_PICTURE_AFTER_MS = 2000;

/**
 * The map and its layers. The live layers (risk, events) are rebuilt when the risk changes, when the
 * clock's tick changed the points' rings, and on a 250 ms throttle after live batches unless a rebuild
 * since (a risk update) already handed the map the batch's points: a batch never re-renders the page,
 * and a batch with its risk update sets the layers once. Traffic, grid outlines and labels lie on the
 * static overlay above them, rebuilt with the traffic feed and the zoom: a batch does not redraw them.
 */
const WallMap = memo(function WallMap({
  data,
  focus,
  onFrame,
}: {
  data: CityData;
  focus: BBox | null;
  onFrame: (baseMapReady: boolean) => void;
}) {
  const revision = useThrottledRevision(store, 250, () => points.upToDate());
  // Rings follow the deadlines as the clock passes them (a sweep of every point when a 10 s tick
  // passed), in the clock's own render with the header: a batch's rebuild never sweeps.
  const [ringsVersion, setRingsVersion] = useState(0);
  useEffect(
    () =>
      clock.subscribe(() => {
        if (points.followClock()) setRingsVersion(points.version);
      }),
    [],
  );
  const trafficVersion = useSelector(traffic, (s) => s.version);
  const risk = useSelector(alerts, (s) => s.risk);
  const labels = useMemo(
    () => ({ district: labelsOf(data.grids.district), community: labelsOf(data.grids.community) }),
    [data],
  );
  const microAnchors = useMemo(() => labelsOf(data.grids.micro).map((l) => l.position), [data]);
  const microPolygons = useMemo(() => gridPolygons(data.grids.micro.features), [data]);
  // Once per risk update, not per layer rebuild (batches rebuild the live layers too).
  const riskFill = useMemo(
    () =>
      RISK_AS_GRIDS && risk && risk.count === data.grids.micro.features.length
        ? riskColours(risk.scores, risk.max)
        : null,
    [data, risk],
  );

  // The risk layer and the static overlay wait until the live overlay has drawn the first snapshot's
  // points (or, at the latest, FULL_PICTURE_AFTER_MS after the map came up): see FULL_PICTURE_AFTER_MS.
  const [fullPicture, setFullPicture] = useState(false);
  const fullPictureRef = useRef(false);
  const showFullPicture = useCallback(() => {
    if (fullPictureRef.current) return;
    fullPictureRef.current = true;
    setFullPicture(true);
  }, []);
  useEffect(() => {
    const timer = setTimeout(showFullPicture, FULL_PICTURE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [showFullPicture]);
  const onAfterRender = useCallback(
    (baseMapReady: boolean) => {
      onFrame(baseMapReady);
      if (!fullPictureRef.current && store.getSummary().lastUpdateAt !== null && points.upToDate())
        showFullPicture();
    },
    [onFrame, showFullPicture],
  );

  // Outlines, traffic and labels change with the zoom and the traffic feed, not with live batches.
  const staticLayers = useCallback(
    (zoom: number): Layer[] =>
      fullPicture
        ? [
            ...gridLayers(data.grids, zoom),
            ...trafficLayers(trafficVersion),
            gridLabelLayer('labels-community', labels.community, 13, zoom >= LEVEL_MIN_ZOOM.community),
            gridLabelLayer('labels-district', labels.district, 20, zoom < LEVEL_MIN_ZOOM.community),
          ]
        : [],
    [data, labels, trafficVersion, fullPicture],
  );
  const layers = useCallback(
    (): Layer[] => [
      // Only the form of risk shown: a hidden layer would still be diffed on every batch's rebuild.
      ...(!fullPicture
        ? []
        : RISK_AS_GRIDS
          ? [riskChoroplethLayer(microPolygons, riskFill, risk?.at ?? 0, true)]
          : [riskHeatmapLayer(microAnchors, risk, true)]),
      liveEventLayer(points),
    ],
    [microAnchors, microPolygons, riskFill, risk, fullPicture],
  );

  return (
    <CityMap
      data={data}
      layers={layers}
      revision={revision + ringsVersion + (risk?.at ?? 0) + (fullPicture ? 1 : 0)}
      staticLayers={staticLayers}
      staticRevision={fullPicture ? trafficVersion + 1 : 0}
      interactive={false}
      onAfterRender={onAfterRender}
      focus={focus}
      reserve={besideDutyColumn}
    />
  );
});

/**
 * The duty column floats over the map's right edge (panels/duty-board.css: 17em wide, at most 36 % of the
 * map, 0.8em in): the camera keeps the city left of it.
 */
function besideDutyColumn(container: HTMLElement): { right: number } {
  const em = Number.parseFloat(getComputedStyle(container).fontSize) || 16;
  return { right: Math.round(Math.min(17 * em, 0.36 * container.clientWidth) + 1.3 * em) };
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
