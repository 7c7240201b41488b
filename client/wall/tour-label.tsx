import { getLang, t } from '../i18n/t';
import type { TourView } from './tour';
import './tour-label.css';

/** The name of the area the tour shows, big over the map, so the room knows where it is looking. */
export function TourLabel({ view }: { view: TourView | null }) {
  if (!view) return null;
  const en = getLang() === 'en';
  const text =
    view.kind === 'interruption'
      ? view.label
      : view.stop.id === 'city'
        ? `${en ? view.stop.nameEn : view.stop.name} · ${t('wall.wholeCity')}`
        : en
          ? view.stop.nameEn
          : view.stop.name;
  if (!text) return null;
  return (
    <div
      className={`tour-label tour-label-${view.kind}`}
      data-testid="tour-label"
      data-stop={view.kind === 'stop' ? view.stop.id : 'interruption'}
    >
      {text}
    </div>
  );
}
