import { type FormEvent, useState } from 'react';
import { CATEGORIES, categoryById } from '../../shared/domain/categories';
import type { EventInput } from '../../shared/schemas/event';
import { categoryName, subcategoryName, t } from '../i18n/t';
import type { CityData } from '../net/city-data';
import { LocationPicker, type LonLat } from './location-picker';
import { newReportId } from './new-report-id';

export interface ReportFormProps {
  data: CityData | null;
  /** Takes the finished report; the outbox saves it before anything is sent. */
  onSubmit: (input: EventInput & { id: string }) => void;
}

/** The phone form: category and subcategory, location, description. */
export function ReportForm({ data, onSubmit }: ReportFormProps) {
  const [category, setCategory] = useState('');
  const [subcategory, setSubcategory] = useState('');
  const [location, setLocation] = useState<LonLat | null>(null);
  const [description, setDescription] = useState('');
  // The message's key, not its text: switching the language re-renders it in the new one.
  const [message, setMessage] = useState<{
    key: 'report.missingFields' | 'report.queued';
    bad: boolean;
  } | null>(null);
  const subcategories = categoryById(category)?.subcategories ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!category || !subcategory || !location || !description.trim()) {
      setMessage({ key: 'report.missingFields', bad: true });
      return;
    }
    onSubmit({
      id: newReportId(),
      source: 'grid-worker',
      category,
      subcategory,
      lon: location[0],
      lat: location[1],
      description: description.trim(),
      occurredAt: Date.now(),
    });
    // The category stays: a worker on a round often reports several of the same kind.
    setDescription('');
    setLocation(null);
    setMessage({ key: 'report.queued', bad: false });
  };

  return (
    <form className="report-form" onSubmit={submit}>
      <label>
        {t('report.category')}
        <select
          name="category"
          value={category}
          onChange={(e) => {
            setCategory(e.target.value);
            setSubcategory(categoryById(e.target.value)?.subcategories[0]?.id ?? '');
          }}
        >
          <option value="">—</option>
          {CATEGORIES.map((c) => (
            <option key={c.id} value={c.id}>
              {categoryName(c.id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('report.subcategory')}
        <select
          name="subcategory"
          value={subcategory}
          onChange={(e) => setSubcategory(e.target.value)}
          disabled={!category}
        >
          {subcategories.map((s) => (
            <option key={s.id} value={s.id}>
              {subcategoryName(category, s.id)}
            </option>
          ))}
        </select>
      </label>
      <LocationPicker data={data} value={location} onChange={setLocation} />
      <label>
        {t('report.description')}
        <textarea
          name="description"
          rows={4}
          maxLength={2000}
          placeholder={t('report.descriptionPlaceholder')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <button type="submit" className="submit">
        {t('report.submit')}
      </button>
      {message && (
        <p className={message.bad ? 'form-error' : 'form-ok'} role="status" data-testid="form-message">
          {t(message.key)}
        </p>
      )}
    </form>
  );
}
