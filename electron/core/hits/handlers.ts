/** The hit queue and opening a hit for review (the lookup is logged before anything is shown). */
import fs from 'node:fs';
import path from 'node:path';
import { PURPOSE_HIT_CONFIRMATION } from '../../contract';
import { CallFailure } from '../errors';
import { actorOf, type CoreContext, type Handlers } from '../context';
import { assetPath } from '../util/paths';

export function hitHandlers(ctx: CoreContext): Pick<Handlers, 'hits:queue' | 'hits:open' | 'map:geojson'> {
  let mapCache: { name: string; geojson: unknown } | null = null;
  return {
    'hits:queue': () => ({ hits: ctx.hits.queue() }),
    'hits:open': async ({ hitId }, session) => {
      const user = session.user!;
      const detail = await ctx.commit(() => {
        const item = ctx.hits.queueItem(hitId);
        if (!item) {
          ctx.audit.append({
            action: 'hits:open',
            outcome: 'refused',
            actor: actorOf(user),
            ip: session.ip,
            data: { hitId, reason: 'not-found' },
            purpose: PURPOSE_HIT_CONFIRMATION,
          });
          return null;
        }
        const record = ctx.audit.append({
          action: 'hits:open',
          outcome: 'granted',
          actor: actorOf(user),
          ip: session.ip,
          data: { hitId, plate: item.plate, state: item.state },
          purpose: PURPOSE_HIT_CONFIRMATION,
        });
        ctx.hits.markOpened(hitId, user.id);
        return ctx.hits.detail(hitId, record.id);
      });
      if (!detail) throw new CallFailure('not-found', 'no such hit');
      const item = ctx.hits.queueItem(hitId);
      if (item) ctx.broadcast('hits:updated', item);
      return detail;
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
