import pg from 'pg';

/** A schema name safe to splice into SQL as an identifier. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** BIGINT as a JS number (seqs and epoch-ms times stay far below 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export interface PgTarget {
  /** Connection settings for pg.Pool / pg.Client, with the search path set to `schema`. */
  config: pg.ClientConfig;
  /** The schema the city brain's tables live in (`public` unless the URL says `?schema=`). */
  schema: string;
}

/**
 * Reads a `postgres://` URL. A `schema` query parameter (as Prisma spells it) puts every table in that
 * schema, created if missing: several deployments, or test runs, can share one database.
 */
export function pgTarget(url: string): PgTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new Error(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`DATABASE_URL schema "${schema}" is not a plain identifier`);
  parsed.searchParams.delete('schema');
  return {
    schema,
    config: {
      connectionString: parsed.toString(),
      options: `-c search_path=${schema}`,
      types,
      // A dead peer must not hang a request forever: fail it, let the caller retry.
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
    },
  };
}

/** The LISTEN/NOTIFY channel on which writers announce new change seqs for `schema`. */
export function changeChannel(schema: string): string {
  return `cb_changes_${schema.toLowerCase()}`;
}
