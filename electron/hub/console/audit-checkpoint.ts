/**
 * `audit:checkpoint`: the workstation's audit chain length and head hash, signed by the
 * console. The hub keeps every checkpoint and answers with a receipt (HMAC under its own key,
 * receipts.ts). A count below one already acknowledged for that workstation, or the same
 * count with another head, means the workstation's log was rewritten or cut: refused, and the
 * hub logs it. The same checkpoint sent again gets its first receipt.
 */
import { auditCheckpointSchema, checkpointReceiptText, type AuditCheckpointAck } from '../../contract/hub';
import { parsePayload, refuse } from './ack';
import type { ConsoleEvent } from './events';

export const auditCheckpoint: ConsoleEvent = {
  name: 'audit:checkpoint',
  async handle(ctx, payload): Promise<AuditCheckpointAck> {
    const p = parsePayload('audit:checkpoint', auditCheckpointSchema, payload);
    if (!p.ok) return p.ack;
    const cp = p.data;
    if (cp.workstationId !== ctx.workstation) {
      return refuse(`invalid audit:checkpoint: workstationId: ${cp.workstationId} is not this console (${ctx.workstation})`);
    }
    const hubTime = ctx.now().toISOString();
    const { receipts } = ctx.services;
    const receipt = { hubTime, keyId: receipts.keyId, mac: receipts.mac(checkpointReceiptText(cp, hubTime)) };
    const result = await ctx.store.addCheckpoint({ ...cp, receivedAt: hubTime, receipt });
    if (result.ok) return { ok: true, receipt: result.stored.receipt };
    const { latest } = result;
    const what =
      latest.count === cp.count
        ? `the same count (${cp.count}) with another head hash`
        : `a count of ${cp.count}, below the ${latest.count} records`;
    const error =
      `audit checkpoint refused: ${ctx.workstation} sent ${what} it checkpointed at ${latest.receivedAt} ` +
      `(head ${latest.headHash}): the workstation's audit log was rewritten or truncated`;
    ctx.log(`hub: ${error}`);
    return refuse(error);
  },
};
