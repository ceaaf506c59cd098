/** The hit queue and opening a hit for review (claim and lookup record before anything is shown). */
import fs from 'node:fs';
import path from 'node:path';
import { CallFailure } from '../errors';
import type { CoreContext, Handlers } from '../context';
import type { Workflow } from '../workflow/workflow';
import { assetPath } from '../util/paths';

export function hitHandlers(ctx: CoreContext, workflow: Workflow): Pick<Handlers, 'hits:queue' | 'hits:open' | 'map:geojson'> {
  let mapCache: { name: string; geojson: unknown } | null = null;
  return {
    'hits:queue': () => ({ hits: ctx.hits.queue() }),
    'hits:open': ({ hitId }, session) => workflow.open(hitId, session),
    'map:geojson': () => {
      if (!mapCache) {
        const file = ctx.opts.mapGeoJsonPath || assetPath('geo', 'training-city.geojson');
        try {
          mapCache = { name: path.basename(file), geojson: JSON.parse(fs.readFileSync(file, 'utf8')) };
        } catch (err) {
          throw new CallFailure('unavailable', `the map file ${file} cannot be read: ${(err as Error).message}`);
        }
      }
      return mapCache;
    },
  };
}
