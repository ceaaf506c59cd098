import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(__dirname, '..', '..');

export interface Started {
  url: string;
  proc: ChildProcess;
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs one of the project's CLIs through tsx and waits for the line that says it is ready. */
export function startCli(script: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`${script} did not print ${ready} within ${timeoutMs} ms:\n${output.join('\n')}`));
    }, timeoutMs);
    for (const stream of [proc.stdout!, proc.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const m = ready.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ url: m[1]!, proc, output, stop });
        }
      });
    }
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${output.join('\n')}`));
    });
  });
}

export function startConsole(args: { port?: number; data: string; hub?: string; trainingRate?: number }, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const argv = [
    '--port', String(args.port ?? 0), '--data', args.data,
    ...(args.hub ? ['--hub', args.hub] : []),
    ...(args.trainingRate ? ['--training-rate', String(args.trainingRate)] : []),
  ];
  return startCli('electron/cli/console-headless.ts', argv, /^console ready (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/, env);
}
