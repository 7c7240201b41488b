import { gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import Type from 'typebox';
import { GRID_LEVELS, type GridInfo, type GridLevel } from '../../shared/domain/grid';
import type { CityDataset } from '../geo/city-dataset';

const LevelSchema = Type.Enum(GRID_LEVELS, {
  description: 'city, district, community, full (full-service grid) or micro',
});
const GridInfoSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  level: LevelSchema,
  parentId: Type.Union([Type.String(), Type.Null()]),
  population: Type.Integer(),
  households: Type.Integer(),
});
const ErrorSchema = Type.Object({ statusCode: Type.Integer(), error: Type.String(), message: Type.String() });
const AnyJson = Type.Object({}, { additionalProperties: true });

/** The city, its base map and its grids at every level, as GeoJSON or compact TopoJSON. */
export const gridRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const dataset = app.ctx.dataset;
  const geojsonByLevel = new Map<GridLevel, FeatureCollection>();
  const geojsonOf = (level: GridLevel): FeatureCollection => {
    let fc = geojsonByLevel.get(level);
    if (!fc) {
      fc = feature(
        dataset.topology,
        dataset.topology.objects[level] as GeometryCollection,
      ) as FeatureCollection;
      geojsonByLevel.set(level, fc);
    }
    return fc;
  };

  // Every wall that starts fetches the topology (1.3 MB of JSON, 0.28 MB gzipped): serialised and
  // gzipped once, not per request (~70 ms to serialise and ~40 ms to gzip it, on a wall's cold start).
  let topology: { json: Buffer; gzip: Buffer } | null = null;
  const topologyEncoded = () => {
    if (!topology) {
      const json = Buffer.from(JSON.stringify(dataset.topology));
      topology = { json, gzip: gzipSync(json) };
    }
    return topology;
  };

  app.get(
    '/api/city',
    {
      schema: {
        tags: ['grids'],
        summary: 'The city: name, code, centre, bounds, districts',
        response: { 200: AnyJson },
      },
    },
    async () => dataset.city,
  );

  app.get(
    '/api/basemap',
    {
      schema: {
        tags: ['grids'],
        summary: 'Offline base-map layers (land, water, sea, roads) as GeoJSON',
        response: { 200: AnyJson },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').send(dataset.basemap),
  );

  app.get(
    '/api/grids/topology',
    {
      schema: {
        tags: ['grids'],
        summary: 'All grid levels as one quantised TopoJSON (the compact form the map uses)',
        response: { 200: AnyJson },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=3600').header('vary', 'accept-encoding');
      const encoded = topologyEncoded();
      // Negotiated as @fastify/compress does for every other response; a reply that already has a
      // content-encoding it leaves alone.
      if (negotiate(req.headers['accept-encoding'] ?? '', ['gzip']) === 'gzip')
        return reply.header('content-encoding', 'gzip').type('application/json').send(encoded.gzip);
      return reply.type('application/json').send(encoded.json);
    },
  );

  app.get(
    '/api/grids',
    {
      schema: {
        tags: ['grids'],
        summary: 'Grid polygons of one level as a GeoJSON FeatureCollection',
        querystring: Type.Object({ level: LevelSchema }, { additionalProperties: false }),
        response: { 200: AnyJson },
      },
    },
    async (req) => geojsonOf(req.query.level),
  );

  app.get(
    '/api/grids/:id',
    {
      schema: {
        tags: ['grids'],
        summary: 'One grid: properties, its parents, children counts, team and key areas',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Object({
            grid: GridInfoSchema,
            parents: Type.Array(GridInfoSchema),
            childrenCounts: Type.Record(Type.String(), Type.Integer()),
            team: Type.Array(AnyJson),
            keyAreas: Type.Array(AnyJson),
          }),
          404: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const grid = dataset.grids.get(req.params.id);
      if (!grid)
        return reply
          .code(404)
          .send({ statusCode: 404, error: 'Not Found', message: `no grid with id "${req.params.id}"` });
      return describeGrid(dataset, grid);
    },
  );
};

/** Everything the drill-down panel shows about one grid. */
export function describeGrid(dataset: CityDataset, grid: GridInfo) {
  const parents: GridInfo[] = [];
  for (
    let p = grid.parentId ? dataset.grids.get(grid.parentId) : undefined;
    p;
    p = p.parentId ? dataset.grids.get(p.parentId) : undefined
  ) {
    parents.push(p);
  }
  const descendants = new Set<string>([grid.id]);
  const childrenCounts: Record<string, number> = {};
  for (const level of GRID_LEVELS.slice(GRID_LEVELS.indexOf(grid.level) + 1)) {
    let count = 0;
    for (const g of dataset.byLevel[level]) {
      if (g.parentId && descendants.has(g.parentId)) {
        descendants.add(g.id);
        count++;
      }
    }
    childrenCounts[level] = count;
  }
  const team = dataset.teams.filter((t) => descendants.has(t.gridId));
  const keyAreas = dataset.keyAreas.filter((a) => a.microId && descendants.has(a.microId));
  return { grid, parents, childrenCounts, team, keyAreas };
}
