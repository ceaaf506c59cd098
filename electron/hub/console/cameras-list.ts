/**
 * `cameras:list`: every camera the hub knows (from hits, posted reads and the training city),
 * so a console's search can filter by any of them, not only those of its own hits.
 */
import { camerasListSchema, type CamerasListAck } from '../../contract/hub';
import { parsePayload } from './ack';
import type { ConsoleEvent } from './events';

export const camerasList: ConsoleEvent = {
  name: 'cameras:list',
  async handle(ctx, payload): Promise<CamerasListAck> {
    const p = parsePayload('cameras:list', camerasListSchema, payload);
    if (!p.ok) return p.ack;
    return { ok: true, cameras: await ctx.store.allCameras() };
  },
};
