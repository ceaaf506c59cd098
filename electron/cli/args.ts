/** A small, strict `--name value` parser for the project's command-line tools. */
export function parseArgs(
  argv: readonly string[],
  spec: Record<string, 'string' | 'number' | 'boolean'>,
): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.replace(/^--/, '');
    const kind = spec[name];
    if (!arg.startsWith('--') || !kind) throw new Error(`unknown option ${arg} (options: ${Object.keys(spec).map((k) => `--${k}`).join(' ')})`);
    if (kind === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`${arg} must be a number, got ${value}`);
      if (name === 'port' && !(Number.isInteger(n) && n >= 0 && n <= 65535)) throw new Error(`--port must be 0 to 65535, got ${value}`);
      out[name] = n;
    } else out[name] = value;
  }
  return out;
}
