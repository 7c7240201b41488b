import { describe, expect, it } from 'vitest';
import { summariseParking } from './parking';

describe('summariseParking', () => {
  it('totals districts and city over lots with data, capping at capacity', () => {
    const lots = [
      { capacity: 100, districtId: 'D01' },
      { capacity: 50, districtId: 'D01' },
      { capacity: 200, districtId: 'D02' },
      { capacity: 80, districtId: 'D02' },
    ];
    const s = summariseParking(lots, [75, 60, 50, Number.NaN]);
    // D01: 75 + min(60, 50) = 125 of 150
    expect(s.districts.D01).toEqual({
      capacity: 150,
      occupied: 125,
      free: 25,
      occupancy: 125 / 150,
      lotsKnown: 2,
      lots: 2,
    });
    // D02: the unknown lot is left out of capacity too
    expect(s.districts.D02).toMatchObject({
      capacity: 200,
      occupied: 50,
      free: 150,
      occupancy: 0.25,
      lotsKnown: 1,
    });
    expect(s.city).toMatchObject({ capacity: 350, occupied: 175, free: 175, occupancy: 0.5, lots: 4 });
  });

  it('has no occupancy where no lot reports', () => {
    expect(summariseParking([{ capacity: 10, districtId: 'D01' }], [Number.NaN]).city.occupancy).toBeNull();
  });
});
