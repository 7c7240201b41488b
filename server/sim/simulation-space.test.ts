import { describe, expect, it } from 'vitest';
import { createRandom } from '../../shared/util/random';
import { loadCityDataset } from '../geo/city-dataset';
import { generateEvents } from './event-generator';
import { createSimulationSpace } from './simulation-space';

const dataset = loadCityDataset('data/longgang');
const DAY = 86_400_000;

describe('simulation space', () => {
  it('puts random reports inside the city', () => {
    const space = createSimulationSpace(dataset);
    const random = createRandom(3);
    for (let i = 0; i < 200; i++) {
      const p = space.randomPoint(random)!;
      expect(dataset.locate(p[0], p[1])).not.toBeNull();
    }
  });

  it('floods the riverbank spots with waterlogging reports when it rains', () => {
    const floodSpots = dataset.keyAreas.filter((a) => a.type === 'flood').map((a) => a.microId);
    const count = (weather: 'clear' | 'rain') =>
      generateEvents(createRandom(8), createSimulationSpace(dataset, weather), 0, DAY, 4000).filter(
        (e) =>
          e.subcategory === 'waterlogging' &&
          floodSpots.includes(dataset.locate(e.lon!, e.lat!)?.micro ?? null),
      ).length;
    expect(floodSpots.length).toBeGreaterThan(0);
    expect(count('rain')).toBeGreaterThan(5 * Math.max(1, count('clear')));
  });
});
