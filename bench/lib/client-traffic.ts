import { round } from './stats';

/**
 * What each screen client received per second, by Socket.IO event name, from the totals that
 * bench/load/socket-clients.ts counts over the measured window, e.g.
 * `sync:batch 4/s 61.2 KB/s, alert:changes 1/s 420.5 KB/s`: where the clients' time goes.
 */
export function perClientTraffic(
  messages: Record<string, number>,
  bytes: Record<string, number>,
  clients: number,
  seconds: number,
): string {
  const per = (n: number) => n / clients / seconds;
  const names = [...new Set([...Object.keys(messages), ...Object.keys(bytes)])].sort(
    (a, b) => (bytes[b] ?? 0) - (bytes[a] ?? 0),
  );
  return names
    .map((name) => {
      const count = messages[name] === undefined ? '' : ` ${round(per(messages[name]), 1)}/s`;
      return `${name}${count} ${round(per(bytes[name] ?? 0) / 1024, 1)} KB/s`;
    })
    .join(', ');
}
