import type { Layer, PickingInfo } from '@deck.gl/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridInfo } from '../../shared/domain/grid';
import { openAt } from '../../shared/domain/handover';
import { type AreaGeometry, bboxOf } from '../../shared/geo/geometry';
import { labelPoint } from '../../shared/geo/label-point';
import type { GridEvent } from '../../shared/schemas/event';
import { getLang, statusName, t } from '../i18n/t';
import { CityMap } from '../map/city-map';
import { eventLayer } from '../map/layers/event-layer';
import { gridLabelLayer, gridLayers, LEVEL_MIN_ZOOM } from '../map/layers/grid-layers';
import { gridPickLayers } from '../map/layers/grid-pick-layer';
import { attachAlerts } from '../net/alert-feed';
import { type CityData, loadCityData } from '../net/city-data';
import { connectLive } from '../net/live-socket';
import { attachPlans } from '../net/plan-feed';
import type { Me } from '../pages/console-page';
import { exposeTestHooks } from '../pages/test-hooks';
import { StatusHeader } from '../panels/status-header';
import { AlertStore } from '../state/alert-store';
import { LiveStore } from '../state/live-store';
import { PlanStore } from '../state/plan-store';
import { useNow, useThrottledRevision } from '../state/use-live';
import { useSummary } from '../state/use-store';
import { AlertList } from './alert-list';
import { EvaluationPanel } from './evaluation-panel';
import { EventDetail } from './event-detail';
import { EventList } from './event-list';
import { GridPanel } from './grid-panel';
import { type Handover, HandoverPanel } from './handover-panel';
import { PlanPanel } from './plan-panel';
import { RosterPanel } from './roster-panel';

const store = new LiveStore();
const alertStore = new AlertStore();
const plans = new PlanStore();

/** The interactive console: the live map with drill-down, the event list, and event actions. */
export function ConsoleView({ me }: { me: Me }) {
  const [data, setData] = useState<CityData | null>(null);
  const [gridId, setGridId] = useState<string | null>(null);
  const [eventId, setEventId] = useState<string | null>(null);
  const [focus, setFocus] = useState<[number, number, number, number] | null>(null);
  const [handoverOpen, setHandoverOpen] = useState(false);
  const [dutyOpen, setDutyOpen] = useState(false);
  const [replay, setReplay] = useState<{ events: GridEvent[]; at: number } | null>(null);
  const onReplay = useCallback(
    (h: Handover | null, at: number) => setReplay(h ? { events: h.events, at } : null),
    [],
  );
  const summary = useSummary(store);
  const alertSummary = useSummary(alertStore);
  const revision = useThrottledRevision(store, 200);
  const now = useNow(1000);
  const hooks = useMemo(() => exposeTestHooks(store), []);

  useEffect(() => {
    loadCityData().then(setData);
    const socket = connectLive(store);
    attachAlerts(socket, alertStore);
    attachPlans(socket, plans);
    return () => {
      socket.close();
    };
  }, []);

  const gridsById = useMemo(() => {
    const map = new Map<string, GridInfo & { bbox: [number, number, number, number] }>();
    if (!data) return map;
    for (const level of ['district', 'community', 'full', 'micro'] as const) {
      for (const f of data.grids[level].features)
        map.set(f.properties.id, { ...f.properties, bbox: bboxOf(f.geometry as AreaGeometry) });
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
        replay
          ? eventLayer(openAt(replay.events, replay.at), replay.at, true)
          : eventLayer(store.values(), revision, true),
        gridLabelLayer('labels-community', labels, 13, zoom >= LEVEL_MIN_ZOOM.community),
      ];
    },
    [data, counts, revision, gridId, labels, replay],
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
        return t('console.gridTooltip', {
          name: object.properties.name,
          open: c?.open ?? 0,
          overdue: c?.overdue ?? 0,
        });
      }
      return `${object.description}\n${statusName(object.status)} · ${object.id}`;
    },
    [counts],
  );

  return (
    <div className="console">
      <StatusHeader
        title={
          data
            ? t('console.titleOf', { city: getLang() === 'en' ? data.city.nameEn : data.city.name })
            : t('console.title')
        }
        subtitle={`${me.name} (${me.role ?? me.kind})`}
        timezone={data?.city.timezone ?? 'Asia/Shanghai'}
        summary={summary}
        now={now}
        langSwitch
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
          <div className="side-tools">
            <button
              type="button"
              data-testid="handover-toggle"
              onClick={() => setHandoverOpen(!handoverOpen)}
            >
              {handoverOpen ? t('console.backToLive') : t('console.handover')}
            </button>
            <button type="button" data-testid="duty-toggle" onClick={() => setDutyOpen(!dutyOpen)}>
              {dutyOpen ? t('console.dutyHide') : t('console.duty')}
            </button>
          </div>
          <PlanPanel store={plans} me={me} timezone={data?.city.timezone ?? 'Asia/Shanghai'} />
          {dutyOpen && (
            <>
              <RosterPanel
                mayImport={me.permissions.includes('events:supervise')}
                scopeName={(s) => (s === 'city' ? t('roster.city') : (gridsById.get(s)?.name ?? s))}
                timezone={data?.city.timezone ?? 'Asia/Shanghai'}
              />
              <EvaluationPanel timezone={data?.city.timezone ?? 'Asia/Shanghai'} now={store.serverNow()} />
            </>
          )}
          {handoverOpen && <HandoverPanel grids={gridsById} onReplay={onReplay} onSelectEvent={setEventId} />}
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
          <AlertList
            alerts={alertSummary.active}
            me={me}
            onLocate={(a) => {
              const id = a.scope.gridId;
              if (id && gridsById.has(id)) selectGrid(id);
            }}
          />
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
