import fs from 'node:fs';
import path from 'node:path';
import type { AuthStore } from './auth-store';
import { hashPassword, hashToken, newPassword, newToken } from './secrets';

export const ADMIN_PASSWORD_FILE = 'admin-password.txt';
export const WALL_TOKEN_FILE = 'wall-token.txt';

export interface BootstrapResult {
  /** Set only on the very first start: the generated admin password, to print once. */
  adminPassword: string | null;
  /** The default wall's display token, or null once an admin has revoked it. */
  wallToken: string | null;
}

function writeSecret(file: string, text: string): void {
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/**
 * No default passwords: the first start creates `admin` with a random password (returned to be printed
 * once, and kept in a 0600 file in DATA_DIR) and a display token for the default wall, kept in
 * another 0600 file so that every start can print a wall URL that works at once.
 */
export async function bootstrapAuth(
  store: AuthStore,
  dataDir: string,
  now: number,
): Promise<BootstrapResult> {
  // Instances sharing one database and starting together: one creates the admin and the wall token
  // (and holds their secrets in its DATA_DIR); the others find them made and create nothing.
  return store.exclusive(() => bootstrapOnce(store, dataDir, now));
}

async function bootstrapOnce(store: AuthStore, dataDir: string, now: number): Promise<BootstrapResult> {
  let adminPassword: string | null = null;
  if (store.countUsers() === 0) {
    adminPassword = newPassword();
    store.createUser(
      { username: 'admin', passwordHash: await hashPassword(adminPassword), role: 'admin', district: null },
      now,
    );
    writeSecret(path.join(dataDir, ADMIN_PASSWORD_FILE), `username: admin\npassword: ${adminPassword}\n`);
    store.audit({
      at: now,
      actor: 'system',
      action: 'user:create',
      target: 'user:admin',
      detail: { role: 'admin', firstStart: true },
    });
  }
  const wallFile = path.join(dataDir, WALL_TOKEN_FILE);
  let wallToken = fs.existsSync(wallFile) ? fs.readFileSync(wallFile, 'utf8').trim() : null;
  if (wallToken && !store.displayToken(hashToken(wallToken))) wallToken = null;
  if (!wallToken && store.listDisplayTokens().length === 0) {
    wallToken = newToken('dsp');
    store.createDisplayToken('wall', hashToken(wallToken), 'city', now);
    writeSecret(wallFile, `${wallToken}\n`);
    store.audit({
      at: now,
      actor: 'system',
      action: 'display-token:create',
      target: 'display:wall',
      detail: { firstStart: true },
    });
  }
  return { adminPassword, wallToken };
}
