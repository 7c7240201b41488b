import { createHash } from 'node:crypto';
import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { EventInput } from '../../shared/schemas/event';
import type { Config } from '../config';
import { MqttIngest } from './mqtt-ingest';
import type { IngestResult } from './pipeline';

/**
 * The MQTT source for `config`, or null when MQTT_URL is empty. The client id is derived from the host
 * and the data folder: stable across restarts of one deployment (so the broker resumes its session and
 * delivers what was queued meanwhile), distinct between deployments (and between test servers), and
 * within MQTT 3.1.1's 23 characters.
 */
export function createMqttIngest(
  config: Config,
  ingest: (inputs: EventInput[]) => Promise<IngestResult>,
  log: FastifyBaseLogger,
  ingestTraffic?: (items: unknown[]) => void,
): MqttIngest | null {
  if (!config.mqttUrl) return null;
  const digest = createHash('sha256').update(`${os.hostname()}\n${config.dataDir}`).digest('hex');
  return new MqttIngest({
    url: config.mqttUrl,
    topics: config.mqttTopics.split(','),
    username: config.mqttUsername,
    password: config.mqttPassword,
    clientId: `city-brain-${digest.slice(0, 12)}`,
    ingest,
    ingestTraffic,
    log,
  });
}
