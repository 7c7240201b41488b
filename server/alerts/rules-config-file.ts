import fs from 'node:fs';
import path from 'node:path';
import {
  type ConfigProblem,
  describeProblems,
  parseRulesConfig,
} from '../../shared/rules/parse-rules-config';
import type { RulesConfig } from '../../shared/rules/rules-config';

/** A rules config that failed validation; the message names every bad field. */
export class RulesConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`rules config ${file} is invalid: ${describeProblems(problems)}`);
  }
}

export type LoadResult =
  | { ok: true; config: RulesConfig; file: string }
  | { ok: false; error: RulesConfigError };

/**
 * The rules config on disk. The city's defaults live in data/<city>/rules.json; what admins change
 * through the API is written to DATA_DIR/rules.json, which then wins, so the repository's data folder
 * never changes under a running server. A bad file (JSON or content) is refused whole and the
 * config in force stays.
 */
export class RulesConfigFile {
  readonly defaultsFile: string;
  readonly overrideFile: string;
  private current: RulesConfig;

  constructor(cityDir: string, dataDir: string) {
    this.defaultsFile = path.join(cityDir, 'rules.json');
    this.overrideFile = path.join(dataDir, 'rules.json');
    const first = this.read();
    if (!first.ok) throw first.error;
    this.current = first.config;
  }

  get config(): RulesConfig {
    return this.current;
  }

  /** The file in force: the admin's override when there is one. */
  get activeFile(): string {
    return fs.existsSync(this.overrideFile) ? this.overrideFile : this.defaultsFile;
  }

  /** Reads and validates the file in force without applying it. */
  read(): LoadResult {
    const file = this.activeFile;
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        error: new RulesConfigError(file, [{ field: '/', message: `not readable JSON: ${message}` }]),
      };
    }
    const parsed = parseRulesConfig(value);
    return parsed.ok
      ? { ok: true, config: parsed.config, file }
      : { ok: false, error: new RulesConfigError(file, parsed.problems) };
  }

  /** Re-reads the file in force; on any problem the current config stays and the error says why. */
  reload(): LoadResult {
    const result = this.read();
    if (result.ok) this.current = result.config;
    return result;
  }

  /** Validates `value` and, when good, writes it as the override and puts it in force. */
  replace(value: unknown): LoadResult {
    const parsed = parseRulesConfig(value);
    if (!parsed.ok) return { ok: false, error: new RulesConfigError('request body', parsed.problems) };
    fs.mkdirSync(path.dirname(this.overrideFile), { recursive: true });
    // Written aside and renamed so that a crash never leaves half a file in force.
    const temp = `${this.overrideFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(parsed.config, null, 2)}\n`);
    fs.renameSync(temp, this.overrideFile);
    this.current = parsed.config;
    return { ok: true, config: parsed.config, file: this.overrideFile };
  }
}
