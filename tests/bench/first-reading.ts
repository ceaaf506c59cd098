/**
 * ocr_first_reading_ms: how long the first hit of a shift waits for its second reading. A
 * console is opened against a hub and left idle for a moment (as it is before the first hit
 * of a shift); then a hit with a real plate crop is posted, and the figure runs from the POST
 * to its second reading stored. Median over fresh consoles. Baseline: the same for a later
 * hit on the same console, when everything is loaded.
 */
import { startHub } from '../../electron/hub/server';
import { Core } from '../../electron/core/core';
import { parseHubTokens, type PostedHit } from '../../electron/contract/hub';
import { cropPlate, encodeJpeg, platesAvailable, readPhotos, validationPhotos } from '../../tools/ocr-model/plates';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { line, percentile, type BenchLine } from './stats';

const IDLE_MS = 1500;

export async function benchFirstReading(options: { consoles?: number } = {}): Promise<BenchLine[]> {
  if (!platesAvailable()) throw new Error('first-reading bench needs the benchmark photos in ../shared/data/plates');
  const photos = validationPhotos(readPhotos()).slice(0, 4);
  const hits = photos.map((p, i): PostedHit => {
    const hit = postedHit({ id: `first-${i}`, read: { plate: p.plate, state: 'CA', confidence: 0.9 } }, Buffer.from(encodeJpeg(cropPlate(p))), 'image/jpeg');
    hit.matches[0] = { ...hit.matches[0]!, plate: p.plate };
    return hit;
  });
  const first: number[] = [];
  const later: number[] = [];
  for (let c = 0; c < (options.consoles ?? 3); c++) {
    const hub = await startHub({ port: 0, dataDir: tempDir('alpr-bench-first-hub-'), tokens: parseHubTokens('ws-bench=bench-token') });
    const core = await Core.open({
      dataDir: tempDir('alpr-bench-first-'),
      workstationId: 'ws-bench',
      hub: { url: hub.url, token: 'bench-token', hubKey: hub.url, training: false },
      mode: 'headless',
      version: 'bench',
      agencyName: 'Bench PD',
    });
    try {
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const stored = core.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM hit_ocr WHERE hit_id = ?');
      for (const [i, hit] of hits.entries()) {
        const t0 = performance.now();
        const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
        if (res.status !== 202) throw new Error(`POST /hits answered ${res.status}`);
        const deadline = t0 + 30_000;
        while (stored.get(hit.id!)!.n === 0) {
          if (performance.now() > deadline) throw new Error(`bench: no second reading for ${hit.id} in 30 s`);
          await new Promise((r) => setTimeout(r, 1));
        }
        (i === 0 ? first : later).push(performance.now() - t0);
        // Apart, as hits come: the next one does not join this one's batch.
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      await core.close();
      await hub.close();
    }
  }
  return [line('ocr_first_reading_ms', percentile(first, 50), 'ms', percentile(later, 50))];
}
