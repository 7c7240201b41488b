import type { Layer, PickingInfo } from '@deck.gl/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridInfo } from '../../shared/domain/grid';
import { labelPoint } from '../../shared/geo/label-point';
import type { GridEvent } from '../../shared/schemas/event';
import { CityMap } from '../map/city-map';
import { eventLayer } from '../map/layers/event-layer';
import { gridLabelLayer, gridLayers, LEVEL_MIN_ZOOM } from '../map/layers/grid-layers';
import { gridPickLayers } from '../map/layers/grid-pick-layer';
import { type CityData, loadCityData } from '../net/city-data';
import { connectLive } from '../net/live-socket';
import type { Me } from '../pages/console-page';
import { exposeTestHooks } from '../pages/test-hooks';
import { StatusHeader } from '../panels/status-header';
import { LiveStore } from '../state/live-store';
import { useLiveSummary, useNow, useThrottledRevision } from '../state/use-live';
import { EventDetail } from './event-detail';
import { EventList } from './event-list';
import { GridPanel } from './grid-panel';

const store = new LiveStore();

/** The interactive console: the live map with drill-down, the event list, and event actions. */
export function ConsoleView({ me }: { me: Me }) {
  const [data, setData] = useState<CityData | null>(null);
  const [gridId, setGridId] = useState<string | null>(null);
  const [eventId, setEventId] = useState<string | null>(null);
  const [focus, setFocus] = useState<[number, number, number, number] | null>(null);
  const summary = useLiveSummary(store);
  const revision = useThrottledRevision(store, 200);
  const now = useNow(1000);
  const hooks = useMemo(() => exposeTestHooks(store), []);

  useEffect(() => {
    loadCityData().then(setData);
    const socket = connectLive(store);
    return () => {
      socket.close();
    };
  }, []);

  const gridsById = useMemo(() => {
    const map = new Map<string, GridInfo & { bbox: [number, number, number, number] }>();
    if (!data) return map;
    for (const level of ['district', 'community', 'full', 'micro'] as const) {
      for (const f of data.grids[level].features)
        map.set(f.properties.id, { ...f.properties, bbox: bboxOf(f.geometry) });
    }
    return map;
  }, [data]);
  const labels = useMemo(
    () =>
      data
        ? data.grids.community.features.map((f) => ({
            name: f.properties.name,
            position: labelPoint(f.geometry),
          }))
        : [],
    [data],
  );
  // Recomputed with the throttled revision, so counts follow the live stream without per-batch work.
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the trigger
  const counts = useMemo(() => store.gridCounts(), [revision]);

  const selectGrid = useCallback(
    (id: string | null) => {
      setGridId(id);
      const g = id ? gridsById.get(id) : null;
      if (g) setFocus(g.bbox);
    },
    [gridsById],
  );

  const layers = useCallback(
    (zoom: number): Layer[] => {
      if (!data) return [];
      return [
        ...gridPickLayers(data.grids, zoom, counts, revision, gridId),
        ...gridLayers(data.grids, zoom),
        eventLayer([...store.events.values()], revision, true),
        gridLabelLayer('labels-community', labels, 13, zoom >= LEVEL_MIN_ZOOM.community),
      ];
    },
    [data, counts, revision, gridId, labels],
  );

  const onClick = useCallback(
    (info: PickingInfo) => {
      const object = info.object as { id?: string; properties?: GridInfo } | undefined;
      if (info.layer?.id === 'events' && object?.id) setEventId(object.id);
      else if (object?.properties?.id) selectGrid(object.properties.id);
    },
    [selectGrid],
  );
  const tooltip = useCallback(
    (info: PickingInfo) => {
      const object = info.object as (GridEvent & { properties?: GridInfo }) | undefined;
      if (!object) return null;
      if (object.properties) {
        const c = counts.get(object.properties.id);
        return `${object.properties.name}\n在办 ${c?.open ?? 0} · 超期 ${c?.overdue ?? 0}`;
      }
      return `${object.description}\n${object.status} · ${object.id}`;
    },
    [counts],
  );

  return (
    <div className="console">
      <StatusHeader
        title={data ? `${data.city.name}城市大脑 · 值班台` : '值班台'}
        subtitle={`${me.name} (${me.role ?? me.kind})`}
        timezone={data?.city.timezone ?? 'Asia/Shanghai'}
        summary={summary}
        now={now}
      />
      <div className="console-body">
        <main className="console-map">
          {data && (
            <CityMap
              data={data}
              layers={layers}
              revision={revision}
              interactive={true}
              onAfterRender={hooks.onFrame}
              onClick={onClick}
              tooltip={tooltip}
              focus={focus}
            />
          )}
        </main>
        <aside className="console-side">
          {eventId ? (
            <EventDetail id={eventId} me={me} onClose={() => setEventId(null)} revision={revision} />
          ) : gridId && gridsById.get(gridId) ? (
            <GridPanel
              grid={gridsById.get(gridId)!}
              store={store}
              counts={counts}
              now={store.serverNow()}
              onSelectGrid={selectGrid}
              onSelectEvent={setEventId}
            />
          ) : null}
          <EventList
            store={store}
            revision={revision}
            gridId={gridId}
            grids={gridsById}
            onSelectEvent={setEventId}
            onSelectGrid={selectGrid}
          />
        </aside>
      </div>
    </div>
  );
}

function bboxOf(geometry: GeoJSON.Geometry): [number, number, number, number] {
  let w = 180;
  let s = 90;
  let e = -180;
  let n = -90;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const d of c) visit(d);
  };
  if ('coordinates' in geometry) visit(geometry.coordinates);
  return [w, s, e, n];
}
