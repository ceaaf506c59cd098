import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts `<dir>/<name>.js` (compiled) or `<dir>/<name>.ts` (from source under tsx) as a
 * worker thread. Node loads a worker's entry file without the parent's --import hooks, so
 * from source tsx's require hook is registered first.
 */
export function startWorker(dir: string, name: string, workerData: unknown): Worker {
  const ext = path.extname(__filename);
  const file = path.join(dir, `${name}${ext}`);
  if (ext === '.ts') {
    const tsx = require.resolve('tsx/cjs/api');
    return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`, {
      eval: true,
      workerData,
    });
  }
  return new Worker(file, { workerData });
}
