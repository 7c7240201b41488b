import { afterAll, describe, expect, it } from 'vitest';
import { servicesAvailable } from '../../helpers/services';
import { Cluster } from './cluster';

const up = await servicesAvailable('the scale-out tests (one traffic picture)', ['postgres', 'redis']);

describe.runIf(up)('traffic readings on several instances', () => {
  const cluster = new Cluster();
  afterAll(() => cluster.stop());

  it('a reading posted to one instance reaches the traffic state of every other', async () => {
    const [a, b, c] = await cluster.start(3);
    const network = await (await a!.fetch('/api/traffic/network')).json();
    const segmentId: string = network.roads[0]!.id;
    const lotId: string = network.parking[0]!.id;
    const seen = async (server: typeof b) => {
      const state = await (await server!.fetch('/api/traffic/state')).json();
      return state.segments[0]?.speedKmh === 12.5 && state.lots[0]?.occupied === 7;
    };
    // The adapters' stream readers start a moment after the servers: post until the others have it.
    const deadline = Date.now() + 15_000;
    let everywhere = false;
    while (!everywhere && Date.now() < deadline) {
      const res = await a!.fetch('/api/traffic/observations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { segmentId, speedKmh: 12.5 },
          { lotId, occupied: 7 },
        ]),
      });
      expect(res.status).toBe(202);
      await res.json();
      await new Promise((r) => setTimeout(r, 300));
      everywhere = (await seen(a)) && (await seen(b)) && (await seen(c));
    }
    expect(everywhere).toBe(true);
  }, 60_000);
});
