import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock';
import { TrafficSimulator } from './traffic-simulator';

// 2026-03-02 is a Monday; the city is UTC+8.
const OFFSET = 480;
const at = (day: number, hour: number) => Date.UTC(2026, 2, day, hour - 8, 0);
const network = {
  roads: [
    {
      id: 'A',
      roadClass: 'arterial' as const,
      freeFlowKmh: 60,
      path: [
        [120.5, 27.5],
        [120.51, 27.5],
      ] as [number, number][],
    },
    {
      id: 'S',
      roadClass: 'collector' as const,
      freeFlowKmh: 40,
      path: [
        [120.6, 27.6],
        [120.601, 27.6],
      ] as [number, number][],
    },
  ],
  parking: [
    { id: 'H', capacity: 200, kind: 'hospital', lon: 120.7, lat: 27.7 },
    { id: 'M', capacity: 200, kind: 'public', lon: 120.8, lat: 27.8 },
    { id: 'R', capacity: 200, kind: 'residential', lon: 120.9, lat: 27.9 },
  ],
  keyAreas: [
    { type: 'school', lon: 120.6005, lat: 27.6 },
    { type: 'market', lon: 120.8, lat: 27.801 },
  ],
};
const sim = (rain = false) =>
  new TrafficSimulator({
    clock: new ManualClock(0),
    seed: 7,
    network,
    offsetMinutes: OFFSET,
    rain,
    ingest: () => {},
  });

describe('TrafficSimulator', () => {
  it('is slow in the weekday rushes, free at night, and the weekend has no morning rush', () => {
    const s = sim();
    const speed = (t: number) => s.valuesAt(t).speeds[0]!;
    expect(speed(at(2, 8))).toBeLessThan(0.6 * speed(at(2, 3)));
    expect(speed(at(2, 18))).toBeLessThan(0.6 * speed(at(2, 3)));
    expect(speed(at(2, 3))).toBeGreaterThan(50);
    expect(speed(at(7, 8))).toBeGreaterThan(speed(at(2, 8)) * 1.3); // Saturday morning
  });

  it('slows roads near a school at the school run, on school days', () => {
    const s = sim();
    // 07:36 Monday: the drop-off peak; a 16:24 pick-up too. Compare with 10:00 on the same road.
    const near = s.valuesAt(at(2, 7) + 36 * 60_000).speeds[1]!;
    const quiet = s.valuesAt(at(2, 10)).speeds[1]!;
    expect(near).toBeLessThan(quiet * 0.7);
  });

  it('rain slows everything', () => {
    const t = at(2, 12);
    const dry = sim(false).valuesAt(t).speeds;
    const wet = sim(true).valuesAt(t).speeds;
    for (let i = 0; i < dry.length; i++) expect(wet[i]).toBeCloseTo(dry[i]! * 0.8, 5);
  });

  it('fills the hospital and market lots by day and homes by night', () => {
    const s = sim();
    const day = s.valuesAt(at(2, 10)).occupied;
    const night = s.valuesAt(at(2, 2)).occupied;
    expect(day[0]).toBeGreaterThan(night[0]! + 60); // hospital
    expect(day[1]).toBeGreaterThan(night[1]! + 60); // public lot next to the market
    expect(night[2]).toBeGreaterThan(day[2]! + 60); // residential
  });

  it('is reproducible from its seed and the time', () => {
    expect([...sim().valuesAt(at(3, 9)).speeds]).toEqual([...sim().valuesAt(at(3, 9)).speeds]);
  });

  it('computes and ingests nothing while not active (a follower server), everything once active', () => {
    let leader = false;
    const ingested: number[] = [];
    const s = new TrafficSimulator({
      clock: new ManualClock(at(3, 9)),
      seed: 7,
      network,
      offsetMinutes: OFFSET,
      rain: false,
      ingest: (obs) => ingested.push(obs.length),
      active: () => leader,
    });
    const valuesAt = vi.spyOn(s, 'valuesAt');
    expect(s.tick()).toBe(0);
    expect(valuesAt).not.toHaveBeenCalled();
    leader = true;
    expect(s.tick()).toBe(network.roads.length + network.parking.length);
    expect(ingested).toEqual([network.roads.length + network.parking.length]);
  });
});
