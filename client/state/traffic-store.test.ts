import { describe, expect, it } from 'vitest';
import { encodeTrafficFrame, layoutHash } from '../../shared/traffic/wire';
import type { TrafficNetwork } from '../net/traffic-network';
import { TrafficStore } from './traffic-store';

const network: TrafficNetwork = {
  layout: layoutHash(['R1'], ['P1']),
  staleMs: 300_000,
  districts: [{ id: 'D01', name: '老城片区' }],
  roads: [{ id: 'R1', name: '世纪大道', roadClass: 'arterial', lengthM: 100, districtId: 'D01', path: [] }],
  parking: [{ id: 'P1', name: '停车场', capacity: 10, lon: 0, lat: 0, districtId: 'D01' }],
};
const frame = (version: number, speed: number, layout = network.layout) =>
  encodeTrafficFrame({ version, at: 1000 + version, layout, speeds: [speed], occupied: [5] });

describe('TrafficStore', () => {
  it('holds a frame that beats the network, then applies newer frames and drops older ones', () => {
    const store = new TrafficStore();
    expect(store.applyFrame(frame(3, 35))).toBe('waiting');
    store.setNetwork(network);
    expect(store.getSummary()).toMatchObject({ frameVersion: 3 });
    expect(store.getSummary().tpi?.city.tpi).toBeCloseTo(3); // arterial at 35 km/h
    expect(store.getSummary().parking?.city.occupancy).toBe(0.5);
    expect(store.applyFrame(frame(2, 10))).toBe('stale');
    expect(store.applyFrame(frame(4, 45))).toBe('applied');
    expect(store.getSummary().tpi?.city.tpi).toBeCloseTo(1);
  });

  it('refuses a frame ordered for another network', () => {
    const store = new TrafficStore();
    store.setNetwork(network);
    expect(store.applyFrame(frame(1, 30, 12345))).toBe('layout-mismatch');
    expect(store.frame).toBeNull();
  });
});
