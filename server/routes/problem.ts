import Type, { type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/** The error body of every 4xx the API sends: a message, plus one entry per bad item or field. */
export const ProblemSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  problems: Type.Optional(
    Type.Array(
      Type.Object({
        index: Type.Optional(Type.Integer({ description: 'Position of the bad item in a batch' })),
        field: Type.String({ description: 'JSON pointer of the bad field, "" for the item itself' }),
        message: Type.String(),
      }),
    ),
  ),
});

export interface Problem {
  index?: number;
  field: string;
  message: string;
}

/**
 * Validates `value` against `schema` and lists every problem with its JSON pointer. Used where a
 * batch needs per-item messages that Fastify's own validation cannot phrase.
 */
export function problemsOf<T extends TSchema>(schema: T) {
  const compiled = Compile(schema);
  return (value: unknown): Problem[] =>
    compiled.Check(value)
      ? []
      : [...compiled.Errors(value)]
          .filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf')
          .map((e) => ({ field: e.instancePath, message: describe(e) }));
}

function describe(e: { keyword: string; message: string; params: Record<string, unknown> }): string {
  if (e.keyword === 'additionalProperties') {
    return `unknown properties: ${(e.params.additionalProperties as string[]).join(', ')}`;
  }
  if (e.keyword === 'enum') return `${e.message}: ${(e.params.allowedValues as unknown[]).join(', ')}`;
  return e.message;
}
