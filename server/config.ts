import path from 'node:path';
import { parseArgs } from 'node:util';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * All configuration, from environment variables and command-line flags (flags win), validated in one
 * place. The README's configuration table mirrors this schema.
 */
export const ConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    dataDir: Type.String({ minLength: 1 }),
    cityDir: Type.String({ minLength: 1 }),
    staticDir: Type.String({ minLength: 1 }),
    logLevel: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    ),
    simEnabled: Type.Boolean(),
    simSeed: Type.Integer(),
    simSpeed: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
    /** Mean events per simulated day; the simulator shapes it with a diurnal curve. */
    simEventsPerDay: Type.Number({ minimum: 0, maximum: 10_000_000 }),
    simHistoryHours: Type.Number({ minimum: 0, maximum: 168 }),
    /** Longest time a committed change waits before it is pushed to screens (ms). */
    flushMs: Type.Integer({ minimum: 5, maximum: 5000 }),
    /** Most open events a snapshot carries. */
    snapshotLimit: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** MQTT broker URL (mqtt://, mqtts://, ws://); empty turns the MQTT source off. */
    mqttUrl: Type.String({ pattern: '^$|^(mqtts?|wss?)://' }),
    /** Comma-separated topic filters subscribed with QoS 1. */
    mqttTopics: Type.String({ minLength: 1, pattern: '^[^,\\s]+(,[^,\\s]+)*$' }),
    mqttUsername: Type.String(),
    mqttPassword: Type.String(),
    /** A road segment or lot with no reading for this many minutes shows as unknown, not its old value. */
    trafficStaleMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** The simulated weather: rain slows all simulated traffic and fills car parks. */
    simWeather: Type.Enum(['clear', 'rain']),
    /** PostgreSQL for events (postgres://…[?schema=name]); empty keeps the embedded SQLite store. */
    databaseUrl: Type.String({ pattern: '^$|^postgres(ql)?://' }),
    /** Redis for Socket.IO across instances (redis://…); empty means one instance. */
    redisUrl: Type.String({ pattern: '^$|^rediss?://' }),
    /** Most POST /api/events requests one client IP may make per minute (benchmarks raise it). */
    ingestRateLimitPerMin: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  },
  { additionalProperties: false },
);
export type Config = Static<typeof ConfigSchema>;
const checkConfig = Compile(ConfigSchema);

/** Environment variable and flag names for each setting, with defaults and help for the README. */
export const CONFIG_SOURCES: Record<keyof Config, { env: string; flag: string; def: string; help: string }> =
  {
    host: { env: 'HOST', flag: 'host', def: '127.0.0.1', help: 'Interface to listen on' },
    port: { env: 'PORT', flag: 'port', def: '8080', help: 'HTTP and WebSocket port (0 = any free port)' },
    dataDir: { env: 'DATA_DIR', flag: 'data-dir', def: './var', help: 'Where the SQLite database lives' },
    cityDir: { env: 'CITY_DIR', flag: 'city-dir', def: './data/longgang', help: 'The city dataset folder' },
    staticDir: { env: 'STATIC_DIR', flag: 'static-dir', def: './dist/client', help: 'The built client' },
    logLevel: { env: 'LOG_LEVEL', flag: 'log-level', def: 'info', help: 'fatal … trace, or silent' },
    simEnabled: { env: 'SIM', flag: 'sim', def: 'on', help: 'Run the built-in simulator (on/off)' },
    simSeed: { env: 'SIM_SEED', flag: 'sim-seed', def: '20200928', help: 'Simulator seed' },
    simSpeed: { env: 'SIM_SPEED', flag: 'sim-speed', def: '1', help: 'Simulated seconds per real second' },
    simEventsPerDay: {
      env: 'SIM_EVENTS_PER_DAY',
      flag: 'sim-events-per-day',
      def: '4000',
      help: 'Mean simulated events a day',
    },
    simHistoryHours: {
      env: 'SIM_HISTORY_HOURS',
      flag: 'sim-history-hours',
      // From the start of yesterday at any hour: the wall's today-against-yesterday figures need it.
      def: '48',
      help: 'Most hours of simulated history a first start writes, back to yesterday 00:00 (0 = none)',
    },
    flushMs: {
      env: 'FLUSH_MS',
      flag: 'flush-ms',
      def: '50',
      help: 'Longest wait before a change is pushed (ms)',
    },
    snapshotLimit: {
      env: 'SNAPSHOT_LIMIT',
      flag: 'snapshot-limit',
      def: '50000',
      help: 'Most open events in a snapshot',
    },
    mqttUrl: {
      env: 'MQTT_URL',
      flag: 'mqtt-url',
      def: '',
      help: 'MQTT broker to subscribe to (empty = off)',
    },
    mqttTopics: {
      env: 'MQTT_TOPICS',
      flag: 'mqtt-topics',
      def: 'longgang/events/#,longgang/sensors/#,longgang/traffic/#',
      help: 'Comma-separated MQTT topic filters (QoS 1)',
    },
    mqttUsername: { env: 'MQTT_USERNAME', flag: 'mqtt-username', def: '', help: 'MQTT user name (optional)' },
    mqttPassword: { env: 'MQTT_PASSWORD', flag: 'mqtt-password', def: '', help: 'MQTT password (optional)' },
    trafficStaleMinutes: {
      env: 'TRAFFIC_STALE_MINUTES',
      flag: 'traffic-stale-minutes',
      def: '5',
      help: 'Minutes without data before unknown',
    },
    simWeather: {
      env: 'SIM_WEATHER',
      flag: 'sim-weather',
      def: 'clear',
      help: 'Simulated weather: clear or rain',
    },
    databaseUrl: {
      env: 'DATABASE_URL',
      flag: 'database-url',
      def: '',
      help: 'PostgreSQL for events, shared by instances (empty = SQLite)',
    },
    redisUrl: {
      env: 'REDIS_URL',
      flag: 'redis-url',
      def: '',
      help: 'Redis linking the Socket.IO of several instances',
    },
    ingestRateLimitPerMin: {
      env: 'INGEST_RATE_LIMIT_PER_MIN',
      flag: 'ingest-rate-limit-per-min',
      def: '6000',
      help: 'Most POST /api/events per minute per IP',
    },
  };

const BOOLEAN_WORDS: Record<string, boolean> = {
  on: true,
  true: true,
  '1': true,
  yes: true,
  off: false,
  false: false,
  '0': false,
  no: false,
};

function coerce(key: keyof Config, raw: string): unknown {
  const kind = (ConfigSchema.properties[key] as { type?: string }).type;
  if (kind === 'boolean') return BOOLEAN_WORDS[raw.toLowerCase()] ?? raw;
  if (kind === 'integer' || kind === 'number') return raw.trim() === '' ? raw : Number(raw);
  return raw;
}

/**
 * Reads the configuration from `env` and `argv` (flags win), applies defaults and validates.
 * Throws one error that names every bad setting and where it came from.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: string[] = [],
): Config {
  const options = Object.fromEntries(
    Object.values(CONFIG_SOURCES).map((s) => [s.flag, { type: 'string' as const }]),
  );
  const { values } = parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  const raw: Record<string, unknown> = {};
  const given: Record<string, string> = {};
  for (const [key, source] of Object.entries(CONFIG_SOURCES) as [
    keyof Config,
    (typeof CONFIG_SOURCES)[keyof Config],
  ][]) {
    const value = (values[source.flag] as string | undefined) ?? env[source.env] ?? source.def;
    given[key] = value;
    raw[key] = coerce(key, value);
  }
  if (!checkConfig.Check(raw)) {
    const problems = [...checkConfig.Errors(raw)].map((e) => {
      const key = e.instancePath.slice(1) as keyof Config;
      const source = CONFIG_SOURCES[key];
      return source
        ? `${source.env} / --${source.flag} = ${JSON.stringify(given[key])}: ${e.message}`
        : e.message;
    });
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = raw as Config;
  return {
    ...config,
    dataDir: path.resolve(config.dataDir),
    cityDir: path.resolve(config.cityDir),
    staticDir: path.resolve(config.staticDir),
  };
}
