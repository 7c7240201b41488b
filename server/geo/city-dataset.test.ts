import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRID_LEVELS } from '../../shared/domain/grid';
import { checkGrids } from '../../shared/geo/grid-checker';
import { decodeGridLevels } from '../../shared/geo/grid-topology';
import { type CityDataset, loadCityDataset } from './city-dataset';

const DIR = fileURLToPath(new URL('../../data/longgang/', import.meta.url));
const NBS_CSV = fileURLToPath(
  new URL('../../data/generator/inputs/longgang_communities_nbs2023.csv', import.meta.url),
);

describe('the committed Longgang dataset', () => {
  let ds: CityDataset;
  let loadMs = 0;
  beforeAll(() => {
    const t0 = performance.now();
    ds = loadCityDataset(DIR);
    loadMs = performance.now() - t0;
  });

  it('loads fast enough for every integration test to start a server', () => {
    expect(loadMs).toBeLessThan(1000); // typically ~100 ms; generous for slow CI machines
  });

  it('has exactly the reform counts: 1 / 9 / 103 / 384 / 3,229', () => {
    expect(GRID_LEVELS.map((l) => ds.byLevel[l].length)).toEqual([1, 9, 103, 384, 3229]);
    expect(ds.city.districts).toHaveLength(9);
  });

  it('has every NBS community code exactly once, with its NBS name', () => {
    const rows = readFileSync(NBS_CSV, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(rows).toHaveLength(103);
    const communities = ds.byLevel.community;
    for (const [code, name] of rows) {
      const hits = communities.filter((c) => c.code === code);
      expect(hits, code).toHaveLength(1);
      expect(hits[0]!.name).toBe(name);
      expect(hits[0]!.id).toBe(code);
    }
  });

  it('uses the id scheme and points every grid at a parent one level up', () => {
    expect(ds.byLevel.district.map((d) => d.id)).toEqual([
      'D01',
      'D02',
      'D03',
      'D04',
      'D05',
      'D06',
      'D07',
      'D08',
      'D09',
    ]);
    for (const f of ds.byLevel.full) {
      expect(f.id).toMatch(/^330383198\d{3}F\d{2}$/);
      expect(f.id.startsWith(f.parentId!)).toBe(true);
    }
    for (const m of ds.byLevel.micro) {
      expect(m.id).toMatch(/^330383198\d{3}F\d{2}M\d{2,3}$/);
      expect(ds.grids.get(m.parentId!)?.level).toBe('full');
    }
    expect(ds.grids.get('330383198400')?.parentId).toBe('D09'); // the New City is its own district
  });

  it('nests with no gap and no overlap (checker, 1 m² tolerance)', () => {
    const levels = decodeGridLevels(ds.topology);
    const problems = checkGrids(
      GRID_LEVELS.map((level) => ({
        level,
        features: levels[level].map((f) => ({ id: f.id, parentId: f.info.parentId, geometry: f.geometry })),
      })),
      { expectedBBox: ds.city.bbox },
    );
    expect(problems).toEqual([]);
  }, 30_000);

  it('has population summing up the hierarchy to about 465,000', () => {
    expect(ds.city.population).toBe(465_000);
    for (const level of GRID_LEVELS.slice(0, -1)) {
      for (const parent of ds.byLevel[level]) {
        const kids = [...ds.grids.values()].filter((g) => g.parentId === parent.id);
        expect(kids.reduce((s, k) => s + k.population, 0)).toBe(parent.population);
        expect(kids.reduce((s, k) => s + k.households, 0)).toBe(parent.households);
      }
    }
    // Old town dense, New City sparse: the New City's micro-grids are larger and fewer.
    const newCityMicros = ds.byLevel.micro.filter((m) => m.id.startsWith('330383198400'));
    expect(newCityMicros.length).toBeLessThan((3229 / 103) * 6);
  });

  it('locates points, answers null outside, and resolves the full path', () => {
    const hall = ds.locate(120.54889, 27.58194);
    expect(hall?.district).toBe('D01');
    expect(ds.pathOf(hall!.micro)).toEqual(hall);
    expect(ds.locate(120.3, 27.5)).toBeNull();
    expect(ds.locate(120.75, 27.55)).toBeNull(); // the sea
  });

  it('has a 3–5 person team per full-service grid with masked phones', () => {
    expect(ds.teams).toHaveLength(384);
    for (const t of ds.teams) {
      expect(ds.grids.get(t.gridId)?.level).toBe('full');
      expect(t.members.length).toBeGreaterThanOrEqual(3);
      expect(t.members.length).toBeLessThanOrEqual(5);
      for (const m of t.members) {
        expect(m.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
        expect(m.posts.length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('has ~40 key areas inside the city, including both pilot communities', () => {
    expect(ds.keyAreas.length).toBeGreaterThanOrEqual(35);
    expect(ds.keyAreas.length).toBeLessThanOrEqual(45);
    for (const a of ds.keyAreas) expect(a.microId, a.name).not.toBeNull();
    const pilots = ds.keyAreas.filter((a) => a.type === 'community');
    expect(pilots.map((a) => ds.pathOf(a.microId!)?.community).sort()).toEqual([
      '330383198094',
      '330383198102',
    ]);
    expect(new Set(ds.keyAreas.map((a) => a.type))).toEqual(
      new Set([
        'government',
        'transport',
        'hospital',
        'school',
        'market',
        'industrial',
        'flood',
        'construction',
        'community',
        'venue',
      ]),
    );
  });

  it('has 1,000–3,000 road segments with classes, lengths and districts, and ~60 parking lots', () => {
    expect(ds.roads.length).toBeGreaterThanOrEqual(1000);
    expect(ds.roads.length).toBeLessThanOrEqual(3000);
    expect(new Set(ds.roads.map((r) => r.roadClass))).toEqual(
      new Set(['expressway', 'arterial', 'collector', 'branch']),
    );
    for (const name of [
      '世纪大道',
      '龙港大道',
      '人民路',
      '龙翔路',
      '龙金大道',
      '临港大道',
      '时代大道',
      'G228国道',
    ]) {
      expect(
        ds.roads.some((r) => r.name === name),
        name,
      ).toBe(true);
    }
    for (const r of ds.roads) {
      expect(r.lengthM).toBeGreaterThan(0);
      expect(ds.grids.get(r.districtId)?.level).toBe('district');
    }
    expect(ds.parking.length).toBeGreaterThanOrEqual(50);
    expect(ds.parking.length).toBeLessThanOrEqual(70);
  });

  it('keeps the grid geometry under 400 KB gzip for all levels together', () => {
    const bytes = gzipSync(readFileSync(`${DIR}/grids.topo.json`)).length;
    expect(bytes).toBeLessThan(400 * 1024);
  });
});

describe('grid anchors', () => {
  it("puts every grid's anchor inside that grid, at every level", () => {
    const dataset = loadCityDataset(DIR);
    for (const level of ['micro', 'full', 'community', 'district'] as const) {
      for (const g of dataset.byLevel[level]) {
        const at = dataset.anchorOf(g.id);
        expect(at, g.id).not.toBeNull();
        const path = dataset.locate(at![0], at![1]);
        expect(path?.[level], `${level} ${g.id}`).toBe(g.id);
      }
    }
    expect(dataset.anchorOf('nowhere')).toBeNull();
  });
});
