import { Compile } from 'typebox/compile';
import { ALERT_LEVELS } from '../schemas/alert';
import { levelRank } from './alert-level';
import { type RulesConfig, RulesConfigSchema } from './rules-config';

export interface ConfigProblem {
  field: string;
  message: string;
}
export type ParseResult = { ok: true; config: RulesConfig } | { ok: false; problems: ConfigProblem[] };

const check = Compile(RulesConfigSchema);

/**
 * Validates a rules config: the schema first, then what a schema cannot say (thresholds ascending,
 * buckets dividing the window, suppression windows the right way round). Every problem is named by
 * its JSON pointer so an admin sees exactly what to fix.
 */
export function parseRulesConfig(value: unknown): ParseResult {
  if (!check.Check(value)) {
    const problems = [...check.Errors(value)]
      .filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf')
      .map((e) => ({
        field: e.instancePath || '/',
        message:
          e.keyword === 'additionalProperties'
            ? `unknown properties: ${(e.params as { additionalProperties: string[] }).additionalProperties.join(', ')}`
            : e.message,
      }));
    return { ok: false, problems: problems.length ? problems : [{ field: '/', message: 'invalid' }] };
  }
  const problems: ConfigProblem[] = [];
  const ascending = (field: string, t: Record<string, number>) => {
    for (let i = 1; i < ALERT_LEVELS.length; i++) {
      const lo = ALERT_LEVELS[i - 1]!;
      const hi = ALERT_LEVELS[i]!;
      if (t[hi]! < t[lo]!) problems.push({ field: `${field}/${hi}`, message: `must be >= ${lo} (${t[lo]})` });
    }
  };
  const r = value.rules;
  ascending('/rules/surge/ratios', r.surge.ratios);
  ascending('/rules/repeat/counts', r.repeat.counts);
  ascending('/rules/key-area/crowd', r['key-area'].crowd);
  ascending('/rules/key-area/waterLevel', r['key-area'].waterLevel);
  ascending('/rules/key-area/smoke', r['key-area'].smoke);
  ascending('/rules/traffic/tpi', r.traffic.tpi);
  ascending('/rules/traffic/parking', r.traffic.parking);
  if (r.surge.windowMinutes % r.surge.bucketMinutes !== 0)
    problems.push({ field: '/rules/surge/bucketMinutes', message: 'must divide windowMinutes' });
  for (const level of r.surge.levels)
    if (r.surge.minCount[level] === undefined)
      problems.push({ field: `/rules/surge/minCount/${level}`, message: 'required for every surge level' });
  value.suppressions.forEach((s, i) => {
    if (s.to <= s.from) problems.push({ field: `/suppressions/${i}/to`, message: 'must be after from' });
  });
  r.compound.patterns.forEach((p, i) => {
    if ((p.minMembers ?? 0) > p.members.length)
      problems.push({
        field: `/rules/compound/patterns/${i}/minMembers`,
        message: 'exceeds the member count',
      });
  });
  const levelRanks = [r.sla.overdue.community, r.sla.overdue.district, r.sla.overdue.city].map(levelRank);
  if (levelRanks[1]! < levelRanks[0]! || levelRanks[2]! < levelRanks[1]!)
    problems.push({ field: '/rules/sla/overdue', message: 'levels must not fall as the escalation rises' });
  return problems.length ? { ok: false, problems } : { ok: true, config: value };
}

/** One line naming every problem, for logs and error messages. */
export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}
