import { buildApp } from './app';
import { loadConfig } from './config';
import { registerBenchGcGauge } from './observability/bench-gc';

/** Entry point: config → app → listen; SIGINT/SIGTERM close gracefully (commits flushed, sockets closed). */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const app = await buildApp(config);
  // Benchmarks only: a no-op unless BENCH_EXPOSE_GC=1 and node runs with --expose-gc (bench/soak.ts).
  registerBenchGcGauge(app.ctx.metrics.registry);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  // One plain line per URL so that scripts (and tests) can read them.
  console.log(`City brain ${app.ctx.dataset.city.name} is up.`);
  const { wallToken, adminPassword } = app.ctx.bootstrap;
  console.log(`  wall:    ${base}/wall${wallToken ? `?token=${wallToken}` : ''}`);
  console.log(`  console: ${base}/console`);
  console.log(`  API docs: ${base}/docs`);
  console.log(`  health:  ${base}/api/health`);
  if (adminPassword) {
    console.log(`First start: user "admin", password ${adminPassword}`);
    console.log(`  (printed once; also in ${config.dataDir}/admin-password.txt, readable only by this user)`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
