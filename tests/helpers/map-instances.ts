import type { CDPSession } from 'playwright-core';

/**
 * What the wall's one map holds: a MapLibre Map and two deck.gl Decks, the live overlay and the static
 * one above it (client/map/city-map-controller.ts). More means a detached instance kept alive.
 */
export const WALL_MAP_INSTANCES = { deck: 2, map: 1 } as const;

/**
 * Live deck.gl `Deck` and MapLibre `Map` instances in a page, after a forced GC, found by prototype
 * (CDP Runtime.queryObjects on `window.__cityBrain.mapClasses`, see client/pages/test-hooks.ts).
 */
export async function mapInstances(cdp: CDPSession): Promise<{ deck: number; map: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  return {
    deck: await countByPrototype(cdp, 'window.__cityBrain.mapClasses.deck.prototype'),
    map: await countByPrototype(cdp, 'window.__cityBrain.mapClasses.map.prototype'),
  };
}

/** How many live objects have `expression`'s value in their prototype chain. */
export async function countByPrototype(cdp: CDPSession, expression: string): Promise<number> {
  const group = 'map-instances';
  try {
    const proto = await cdp.send('Runtime.evaluate', { expression, objectGroup: group });
    if (!proto.result.objectId) return Number.NaN;
    const { objects } = await cdp.send('Runtime.queryObjects', {
      prototypeObjectId: proto.result.objectId,
      objectGroup: group,
    });
    const n = await cdp.send('Runtime.callFunctionOn', {
      objectId: objects.objectId!,
      functionDeclaration: 'function () { return this.length; }',
      returnByValue: true,
      objectGroup: group,
    });
    return n.result.value as number;
  } finally {
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group });
  }
}
