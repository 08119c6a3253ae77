/**
 * Fail-fast configuration: every variable is read once at start-up; a bad value stops the process with a
 * message naming the variable and what it accepts.
 */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`config: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Readers for one environment. Each takes the variable name and an optional default. */
export function envReader(env: Env = process.env) {
  const raw = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return {
    string(name: string, fallback?: string): string {
      const value = raw(name) ?? fallback;
      if (value === undefined) throw new ConfigError(name, 'is required but not set');
      return value;
    },
    optionalString(name: string): string | undefined {
      return raw(name);
    },
    int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (!/^-?\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
      const parsed = Number(value);
      if (range.min !== undefined && parsed < range.min) throw new ConfigError(name, `must be >= ${range.min}, got ${parsed}`);
      if (range.max !== undefined && parsed > range.max) throw new ConfigError(name, `must be <= ${range.max}, got ${parsed}`);
      return parsed;
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const value = raw(name) ?? fallback;
      if (!allowed.includes(value as T)) throw new ConfigError(name, `must be one of ${allowed.join(' | ')}, got "${value}"`);
      return value as T;
    },
    bool(name: string, fallback: boolean): boolean {
      const value = raw(name);
      if (value === undefined) return fallback;
      if (['1', 'true', 'yes'].includes(value.toLowerCase())) return true;
      if (['0', 'false', 'no'].includes(value.toLowerCase())) return false;
      throw new ConfigError(name, `must be true or false, got "${value}"`);
    },
    url(name: string, protocols: string[], fallback?: string): string {
      const value = raw(name) ?? fallback;
      if (value === undefined) throw new ConfigError(name, 'is required but not set');
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ConfigError(name, `must be a URL like ${protocols[0]}//host:port/..., got "${redact(value)}"`);
      }
      if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      return value;
    },
  };
}

/** Hides the password of a connection URL so it can be printed. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** How a process stopped by a ConfigError exits: the supervisor does not restart a service that exits so. */
export const CONFIG_ERROR_EXIT_CODE = 2;

/** Runs a config loader; on a ConfigError prints the message and exits 2 instead of a stack trace. */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(CONFIG_ERROR_EXIT_CODE);
    }
    throw error;
  }
}
