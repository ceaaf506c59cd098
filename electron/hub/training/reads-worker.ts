/**
 * Worker thread entry: writes the training read history (reads.ts) off the hub's event loop,
 * reporting progress, then `done` with the file's meta. Started by ../reads/history.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateTrainingReads, type TrainingReadsSpec } from './reads';

const port = parentPort;
if (!port) throw new Error('reads-worker runs as a worker thread');
const { spec } = workerData as { spec: TrainingReadsSpec };
const meta = generateTrainingReads(spec, (done) => port.postMessage({ type: 'progress', done }));
port.postMessage({ type: 'done', meta });
