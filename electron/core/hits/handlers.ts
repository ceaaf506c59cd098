/** The hit queue and opening a hit for review (claim and lookup record before anything is shown). */
import fs from 'node:fs';
import path from 'node:path';
import { CallFailure } from '../errors';
import type { CoreContext, Handlers } from '../context';
import type { Workflow } from '../workflow/workflow';
import { assetPath } from '../util/paths';
import { readSecondReading } from '../ocr/second-reading';

export function hitHandlers(ctx: CoreContext, workflow: Workflow): Pick<Handlers, 'hits:queue' | 'hits:open' | 'map:geojson'> {
  let mapCache: { name: string; geojson: unknown } | null = null;
  return {
    'hits:queue': (_input, session) => ({
      hits: ctx.visibleItems(session.user!.role, ctx.hits.queue()),
      onlyLists: ctx.listsOf(session.user!.role),
    }),
    'hits:open': async ({ hitId, intent }, session) => {
      await ctx.refuseHiddenHit(hitId, session);
      const detail = await workflow.open(hitId, session, intent);
      return {
        ...detail,
        matches: ctx.visibleItems(session.user!.role, detail.matches),
        // The second reading of the plate image (electron/core/ocr), as far as it has got.
        secondReading: readSecondReading(ctx.db, hitId, detail.read.plate),
      };
    },
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
