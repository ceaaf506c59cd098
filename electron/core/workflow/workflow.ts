/**
 * The verification workflow, authoritative in the core. Each step: the claim is checked (one
 * console per hit), the state machine decides whether the step is the next one, and the step,
 * its timeline entry and its audit record are written in one commit; then it is reported
 * upstream and every session's queue is updated. A refused step changes nothing but the audit
 * trail, which records the refusal.
 *
 * Claims: opening a hit claims it through the hub. Without a hub link the console works the
 * hit anyway (a dispatcher must not be stopped by a network fault while a stolen car drives
 * by), marks the claim as not confirmed, and reports its steps when the link is back; if
 * another console took the hit meanwhile, those steps stay here, marked as not accepted.
 */
import {
  OTHER_REASON,
  PURPOSE_HIT_CONFIRMATION,
  PURPOSE_HIT_REVIEW,
  auditActionOf,
  type Channel,
  type HitDetail,
  type User,
  type WorkflowSettings,
  type WorkflowView,
} from '../../contract';
import {
  CLAIM_STEPS,
  hitClaimAckSchema,
  hitEventSchema,
  hitStatusSchema,
  hitTakeoverAckSchema,
  hubBasicAuth,
  type ClaimHolder,
  type CletsResponse,
  type CletsStatus,
  type ConsoleUser,
  type HitStatus as HubHitStatus,
} from '../../contract/hub';
import { CallFailure } from '../errors';
import { actorOf, type CoreContext, type Session } from '../context';
import type { FieldCipher } from '../util/field-crypto';
import { HubRequestError } from '../hub-client/client';
import { scriptText, hitBroadcast, resultsBroadcast } from '../broadcast/scripts';
import { composeQuery, type QueryFields } from '../clets/compose';
import { parseCletsReturn } from '../clets/parse';
import { hotlistVehicle, cletsDifferences } from '../clets/differences';
import { CletsError, queryHubSwitch } from '../clets/adapter';
import { advance, advanceWithdrawn, stateAfter, type Ending, type Move, type WorkflowState } from './machine';
import { WorkflowStore, type EventRow, type HitPatch, type WorkflowRow } from './store';
import { AUTOMATIC_LABELS, buildView, cletsSummary, describeHolder, holderOf, label, orderOf, scriptHit, type StoredResponse } from './view';
import { WorkflowConfig, SettingsRefused } from './config';
import { SettingsLocked } from '../settings/settings';
import { StatusReporter } from './reporter';
import { EscalationWatch } from './escalation';
import { withdrawnOf } from '../hits/store';

type StepChannel = Extract<Channel, `workflow:${string}`>;

/** What one step writes, decided inside the commit from the hit as it is then. */
interface Plan {
  moves: { move: Move; detail: string | null; at?: string; auditId?: string }[];
  patch?: HitPatch;
  audit: Record<string, unknown>;
}

const consoleUser = (u: User): ConsoleUser => ({ username: u.username, displayName: u.displayName });

export class Workflow {
  readonly store: WorkflowStore;
  readonly config: WorkflowConfig;
  private readonly reporter: StatusReporter;
  private readonly escalation: EscalationWatch;
  /**
   * The hits each session has opened (`hits:open`, its lookup recorded), by user: only those
   * show their workflow (CLETS's return, notes) or take a step there.
   */
  private readonly looked = new WeakMap<Session, Set<string>>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly cipher: FieldCipher,
  ) {
    this.store = new WorkflowStore(ctx.db, cipher);
    this.config = new WorkflowConfig(ctx.opts.dataDir, ctx.opts.env);
    this.reporter = new StatusReporter({
      store: this.store,
      hub: ctx.hub,
      commit: (work) => ctx.commit(work),
      log: ctx.log,
      changed: (hitId) => this.changed(hitId),
    });
    this.escalation = new EscalationWatch(ctx, this.store, this.config);
  }

  /**
   * Seals free text an older version stored in clear (once; nothing to do afterwards), then
   * listens to the hub (other consoles' steps and claims, escalations) and starts the timers.
   */
  start(): void {
    const sealed = this.store.sealClearText();
    if (sealed.hits || sealed.events) {
      this.ctx.log(`encrypted the notes of ${sealed.hits} hit(s) and ${sealed.events} timeline entr${sealed.events === 1 ? 'y' : 'ies'} stored in clear by an older version`);
    }
    const hub = this.ctx.hub;
    if (hub) {
      hub.onHubEvent('hit:status', (payload) => void this.fromHub(payload).catch((err: Error) => this.ctx.log(`hit:status from the hub: ${err.message}`)));
      hub.onHubEvent('hit:escalate', (payload) => void this.escalation.fromHub(payload).catch((err: Error) => this.ctx.log(`hit:escalate from the hub: ${err.message}`)));
      hub.on('state', (s) => {
        if (s.state !== 'connected') return;
        // Queued before the hub's claim list (sent on connect), which confirms those it still has.
        void this.ctx
          .commit(() => this.store.unconfirmClaims(this.ws))
          .catch((err: Error) => this.ctx.log(`could not mark this console's claims for confirming again: ${err.message}`))
          .finally(() => this.reporter.kick(true));
      });
    }
    this.escalation.start();
    this.reporter.kick();
  }

  stop(): void {
    this.escalation.stop();
  }

  private get ws(): string {
    return this.ctx.opts.workstationId;
  }

  /** Whether `username` is signed in at this console in a session other than `except`. */
  private signedInHere(username: string, except?: Session): boolean {
    return [...this.ctx.sessions()].some((s) => s !== except && s.user?.username === username);
  }

  private hubConnected(): boolean {
    return this.ctx.hub?.state.state === 'connected';
  }

  private now(): string {
    return this.ctx.now().toISOString();
  }

  // ---- Views ---------------------------------------------------------------------------

  view(hitId: string, session: Session): WorkflowView {
    const row = this.store.row(hitId);
    if (!row) throw new CallFailure('not-found', 'no such hit');
    return buildView(row, this.store.events(hitId), this.store.topMatch(hitId), this.response(row), {
      workstationId: this.ws,
      username: session.user!.username,
      signedInHere: (username) => this.signedInHere(username, session),
      role: session.user!.role,
      hubConnected: this.hubConnected(),
      ori: this.config.ori,
      settings: this.config.get(),
    });
  }

  private response(row: WorkflowRow): StoredResponse | null {
    if (!row.clets_response_enc || !row.clets_status) return null;
    const r = JSON.parse(this.cipher.decrypt(row.clets_response_enc)) as Omit<CletsResponse, 'status'>;
    return { status: row.clets_status, text: r.text, fields: r.fields, receivedAt: row.clets_received_at ?? '' };
  }

  private changed(hitId: string): void {
    const item = this.ctx.hits.queueItem(hitId);
    if (item) this.ctx.broadcast('hits:updated', item);
  }

  // ---- Opening and claims ----------------------------------------------------------------

  /**
   * `hits:open`: claim (through the hub when there is a link), write the lookup record and,
   * for the console that holds the hit, the `opened` step, all before anything is shown. To
   * review (from the shift log), only the lookup record, with its own purpose.
   */
  async open(hitId: string, session: Session, intent: 'confirm' | 'review' = 'confirm'): Promise<HitDetail> {
    const user = session.user!;
    // A review (from the shift log) looks without claiming: the hit stays where it is.
    const claim = intent === 'confirm' ? await this.claim(hitId, user) : null;
    const purpose = intent === 'confirm' ? PURPOSE_HIT_CONFIRMATION : PURPOSE_HIT_REVIEW;
    const lookupId = await this.ctx.commit(() => {
      const item = this.ctx.hits.queueItem(hitId);
      if (!item) {
        this.ctx.audit.append({
          action: 'hits:open',
          outcome: 'refused',
          actor: actorOf(user),
          ip: session.ip,
          data: { hitId, reason: 'not-found' },
          purpose,
        });
        return null;
      }
      const record = this.ctx.audit.append({
        action: 'hits:open',
        outcome: 'granted',
        actor: actorOf(user),
        ip: session.ip,
        data: { hitId, plate: item.plate, state: item.state, ...(intent === 'review' ? { intent } : {}) },
        purpose,
      });
      const row = this.store.row(hitId)!;
      if (claim?.ok && row.status === 'new' && row.claim_workstation === this.ws) {
        this.apply(session, row, { moves: [{ move: { step: 'opened' }, detail: null }], audit: {} });
      }
      return record.id;
    });
    if (lookupId === null) throw new CallFailure('not-found', 'no such hit');
    const looked = this.looked.get(session) ?? new Set<string>();
    this.looked.set(session, looked.add(`${user.id}:${hitId}`));
    if (claim?.ok) {
      this.afterStep(hitId);
      if (claim.fresh) this.catchUpLater(hitId);
    }
    const detail = this.ctx.hits.detail(hitId, lookupId);
    if (!detail) throw new CallFailure('not-found', 'no such hit');
    return { ...detail, workflow: this.view(hitId, session) };
  }

  /**
   * Makes sure this console holds the hit before a step: asks the hub unless this console
   * already holds it; without an answer from the hub, claims it here (unconfirmed) unless the
   * hub last said another console holds it. `fresh`: the hub has just given this console the
   * hit, which may have been worked elsewhere while this console was not running (then
   * released): see `catchUpLater`.
   */
  private async claim(hitId: string, user: User): Promise<{ ok: true; fresh?: boolean } | { ok: false; reason: string }> {
    const row = this.store.row(hitId);
    if (!row || row.ended_at) return { ok: true };
    if (row.claim_workstation === this.ws) {
      // A hit released here whose release the hub has not had yet is not held here any more.
      const released = this.store.releasePending(hitId);
      const mine = !released && row.claim_username === user.username;
      // Held here as the hub last confirmed (or the hub cannot be asked): no need to ask.
      if (mine && (row.claim_confirmed === 1 || !this.hubConnected())) return { ok: true };
      // Another user working it at this console now (another window): theirs, as at another
      // console (a supervisor takes it over). One who left: the hit passes to this user.
      if (!released && !mine && row.claim_username && this.signedInHere(row.claim_username)) {
        return { ok: false, reason: `${describeHolder(holderOf(row)!)} (signed in at this console).` };
      }
    }
    const hub = this.ctx.hub;
    if (hub && this.hubConnected()) {
      try {
        const ack = await hub.request('hit:claim', { hitId, user: consoleUser(user) }, hitClaimAckSchema);
        if ('claimedBy' in ack) {
          await this.ctx.commit(() => {
            this.store.setClaim(hitId, ack.claimedBy, true);
            // Held here again: the earlier user's release is moot.
            if (ack.ok) this.store.dropRelease(hitId);
          });
          if (ack.ok) return { ok: true, fresh: true };
          return { ok: false, reason: `${describeHolder(holderOf(this.store.row(hitId)!)!)}.` };
        }
        this.ctx.log(`the hub would not give hit ${hitId} a claim (${ack.error}); working it here unconfirmed`);
      } catch (err) {
        if (!(err instanceof HubRequestError)) throw err;
        this.ctx.log(`claiming hit ${hitId}: ${err.message}; working it here unconfirmed`);
      }
    }
    const known = holderOf(row);
    if (known && known.workstationId !== this.ws) {
      return { ok: false, reason: `${describeHolder(known)} (as the hub last said; the hub is not reachable to check).` };
    }
    const holder: ClaimHolder = { user: consoleUser(user), workstationId: this.ws, at: this.now() };
    await this.ctx.commit(() => {
      this.store.setClaim(hitId, holder, false);
      this.store.dropRelease(hitId);
    });
    return { ok: true };
  }

  /**
   * A user signs out (or another signs in at the locked console): the hits this console holds
   * in their name and not ended go back to the queue, released at the hub too, so they neither
   * wait on someone who left (other consoles would need a supervisor's takeover) nor get
   * worked by the next user in the first one's name. Not while the same user is still signed
   * in elsewhere on this console (another window).
   */
  async releaseHeldBy(user: User, leaving: Session): Promise<number> {
    const stillHere = [...this.ctx.sessions()].some((s) => s !== leaving && s.user?.id === user.id);
    if (stillHere) return 0;
    const held = this.store.heldBy(this.ws, user.username);
    if (held.length === 0) return 0;
    const at = this.now();
    await this.ctx.commit(() => {
      for (const hitId of held) {
        this.store.setClaim(hitId, null, false);
        // The hub is told now, or when the link is back (kept across a restart).
        if (this.ctx.hub) this.store.addRelease(hitId, consoleUser(user), at);
      }
    });
    this.reporter.kick();
    for (const hitId of held) this.changed(hitId);
    this.ctx.log(`${user.username} signed out: ${held.length} hit(s) in progress released to the queue`);
    return held.length;
  }

  async takeOver(hitId: string, reason: string, session: Session): Promise<WorkflowView> {
    const user = session.user!;
    const row = this.store.row(hitId);
    if (!row) throw new CallFailure('not-found', 'no such hit');
    const refused = (failure: CallFailure) => this.refused(session, hitId, 'workflow:take-over', failure);
    if (row.ended_at) throw await refused(new CallFailure('conflict', 'this hit has ended'));
    const hub = this.ctx.hub;
    if (!hub || !this.hubConnected()) {
      throw await refused(new CallFailure('unavailable', 'a takeover is recorded by the hub, and the hub is not reachable now'));
    }
    let ack;
    try {
      ack = await hub.request(
        'hit:takeover',
        { hitId, reason, user: { ...consoleUser(user), role: user.role as 'supervisor' | 'admin' } },
        hitTakeoverAckSchema,
      );
    } catch (err) {
      if (err instanceof HubRequestError) throw await refused(new CallFailure('unavailable', `the takeover did not reach the hub: ${err.message}`));
      throw err;
    }
    if (!ack.ok) throw await refused(new CallFailure('conflict', `the hub refused the takeover: ${ack.error}`));
    const { claimedBy, previous } = ack;
    await this.ctx.commit(() => {
      this.ctx.audit.append({
        action: 'workflow.take-over',
        outcome: 'ok',
        actor: actorOf(user),
        ip: session.ip,
        data: {
          hitId,
          plate: row.read_plate,
          state: row.read_state,
          // The typed reason can name people: it is kept in the hit's timeline (sealed, at the
          // hub too), not in the audit record, which travels and is stored in clear.
          ...(previous ? { previous: { username: previous.user.username, workstationId: previous.workstationId } } : {}),
        },
        purpose: PURPOSE_HIT_CONFIRMATION,
      });
      this.store.setClaim(hitId, claimedBy, true);
      this.store.dropRelease(hitId);
    });
    await this.catchUp(hitId);
    this.changed(hitId);
    return this.view(hitId, session);
  }

  /**
   * Steps this console may have missed (it was away when they were taken) from the hub's
   * timeline, so a takeover carries on from where the hit really is. True when it held steps
   * new here.
   */
  private async catchUp(hitId: string): Promise<boolean> {
    const hub = this.ctx.opts.hub;
    if (!hub) return false;
    try {
      const res = await fetch(`${hub.url.replace(/\/$/, '')}/hits/${encodeURIComponent(hitId)}/events`, {
        headers: { authorization: hubBasicAuth(this.ws, hub.token) },
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`the hub answered ${res.status}`);
      const events = hitEventSchema.array().parse(await res.json());
      // No step new here (the usual case: claims come live as well): no write.
      const claims: readonly string[] = CLAIM_STEPS;
      if (events.every((e) => claims.includes(e.step) || this.store.hasEvent(e.hitId, e.step, e.workstationId, e.at))) return false;
      return await this.ctx.commit(() => {
        let found = false;
        for (const e of events) found = this.remember(e) || found;
        this.refold(hitId);
        return found;
      });
    } catch (err) {
      this.ctx.log(`could not fetch the hub's timeline of hit ${hitId}: ${(err as Error).message}`);
      return false;
    }
  }

  // ---- Steps ---------------------------------------------------------------------------

  confirmPlate(hitId: string, session: Session): Promise<WorkflowView> {
    return this.step(session, hitId, 'workflow:confirm-plate', () => ({
      moves: [{ move: { step: 'plate-check', outcome: 'confirmed' }, detail: null }],
      audit: { outcome: 'confirmed' },
    }));
  }

  async misread(
    input: { hitId: string; reason: string; note?: string; correctedPlate?: string; correctedState?: string },
    session: Session,
  ): Promise<WorkflowView> {
    const reasons = this.config.get().misreadReasons;
    if (input.reason !== OTHER_REASON && !reasons.some((r) => r.code === input.reason)) {
      throw await this.refused(
        session,
        input.hitId,
        'workflow:misread',
        new CallFailure('invalid-input', 'unknown misread reason', [`reason: one of ${[...reasons.map((r) => r.code), OTHER_REASON].join(', ')}`]),
      );
    }
    const reasonLabel = label(reasons, input.reason);
    // A "corrected" read that is the listed plate says the car IS the wanted one: that is a
    // confirmed hit with a camera slip, and ending it as a misread would drop it silently.
    if (input.correctedPlate) {
      const row = this.store.row(input.hitId);
      const listed = row && this.store.listedAs(input.hitId, input.correctedPlate, input.correctedState ?? row.read_state);
      if (listed) {
        throw await this.ctx.commit(() =>
          this.refuse(
            session,
            input.hitId,
            'workflow:misread',
            `the corrected plate ${listed.plate} ${listed.state} is the listed plate: the car is the one on the hotlist. Confirm the plate (C) instead`,
          ),
        );
      }
    }
    return this.step(session, input.hitId, 'workflow:misread', (row) => {
      const corrected = input.correctedPlate || input.correctedState
        ? ` Corrected read: ${input.correctedPlate ?? row.read_plate} ${input.correctedState ?? row.read_state}.`
        : '';
      return {
        moves: [{ move: { step: 'plate-check', outcome: 'misread' }, detail: `${reasonLabel}${input.note ? `: ${input.note}` : ''}.${corrected}` }],
        patch: {
          misread_reason: input.reason,
          misread_note: input.note || null,
          corrected_plate: input.correctedPlate ?? null,
          corrected_state: input.correctedState ?? null,
        },
        audit: {
          outcome: 'misread',
          reason: input.reason,
          ...(input.correctedPlate ? { correctedPlate: input.correctedPlate } : {}),
          ...(input.correctedState ? { correctedState: input.correctedState } : {}),
        },
      };
    });
  }

  markBroadcast(hitId: string, session: Session): Promise<WorkflowView> {
    return this.step(session, hitId, 'workflow:mark-broadcast', (row) => ({
      moves: [{ move: { step: 'broadcast' }, detail: scriptText(hitBroadcast(scriptHit(row, this.store.topMatch(hitId)), orderOf(row, this.config.get()))) }],
      audit: {},
    }));
  }

  markResultsBroadcast(hitId: string, session: Session): Promise<WorkflowView> {
    return this.step(session, hitId, 'workflow:mark-results-broadcast', (row) => {
      const match = this.store.topMatch(hitId);
      const response = this.response(row);
      const status = row.clets_status ?? 'no-record';
      const fields = response?.fields ?? { ori: this.config.ori, plate: row.read_plate, state: row.read_state, cautions: [] };
      const script = resultsBroadcast(scriptHit(row, match), { status, fields, differences: cletsDifferences(status, fields, match) });
      return { moves: [{ move: { step: 'results-broadcast' }, detail: scriptText(script) }], audit: { kind: script.kind } };
    });
  }

  async dispose(input: { hitId: string; code: string; notes?: string; units?: string[] }, session: Session): Promise<WorkflowView> {
    const codes = this.config.get().dispositionCodes;
    if (!codes.some((c) => c.code === input.code)) {
      throw await this.refused(
        session,
        input.hitId,
        'workflow:dispose',
        new CallFailure('invalid-input', 'unknown disposition code', [`code: one of ${codes.map((c) => c.code).join(', ')}`]),
      );
    }
    const units = [...new Set(input.units ?? [])];
    const detail = [label(codes, input.code), units.length ? `units ${units.join(', ')}` : null, input.notes || null]
      .filter(Boolean)
      .join('; ');
    return this.step(session, input.hitId, 'workflow:dispose', () => ({
      moves: [{ move: { step: 'disposed', outcome: input.code }, detail }],
      patch: { disposition_notes: input.notes || null, disposition_units: JSON.stringify(units) },
      audit: { outcome: input.code, units },
    }));
  }

  /**
   * `workflow:end-withdrawn`: the officer entry that raised the hit was taken off the list, and
   * nothing has gone out on the radio: the hit ends as `entry-withdrawn`, saying whose
   * withdrawal it follows. Refused for any other hit, and once the hit was broadcast (patrol
   * then needs the disregard the usual steps give).
   */
  endWithdrawn(input: { hitId: string; notes?: string }, session: Session): Promise<WorkflowView> {
    return this.step(session, input.hitId, 'workflow:end-withdrawn', (row) => {
      const entry = row.withdrawn ? withdrawnOf(row.withdrawn) : null;
      const detail = [
        entry ? `Entry withdrawn by ${entry.by} at ${entry.at}: ${entry.reason}` : null,
        'Nothing broadcast',
        input.notes || null,
      ]
        .filter(Boolean)
        .join('; ');
      return {
        moves: [{ move: { step: 'disposed', outcome: 'entry-withdrawn' }, detail }],
        patch: { disposition_notes: input.notes || null, disposition_units: JSON.stringify([]) },
        audit: { outcome: 'entry-withdrawn', ...(entry ? { withdrawnAt: entry.at } : {}) },
      };
    });
  }

  /**
   * The CLETS query. Manual (the agency's choice, the dispatcher's after a switch failure, or
   * no hub link): the message is recorded as sent and shown to copy. Hub switch: the lookup is
   * written first, the query sent, and only a well-formed return moves the hit on; a failure
   * is recorded and leaves the hit exactly where it was.
   */
  async runClets(input: { hitId: string; manual?: boolean }, session: Session): Promise<WorkflowView> {
    const settings = this.config.get();
    const viaHub = !input.manual && settings.cletsAdapter === 'hub' && this.hubConnected();
    const query = (row: WorkflowRow): QueryFields => ({ ori: this.config.ori, plate: row.read_plate, state: row.read_state });
    const compose = (row: WorkflowRow) => composeQuery(query(row), settings.cletsTemplate);
    if (!viaHub) {
      return this.step(session, input.hitId, 'workflow:run-clets', (row) => {
        const message = compose(row);
        return {
          moves: [{ move: { step: 'clets-sent' }, detail: `${message} (manual: separate CLETS terminal)` }],
          patch: { clets_message: message, clets_via: 'manual', clets_sent_at: this.now() },
          audit: { message, via: 'manual' },
        };
      }, 'workflow.clets-query');
    }

    const user = session.user!;
    await this.claimOrRefuse(session, input.hitId, 'workflow:run-clets');
    const sent = await this.ctx.commit(() => {
      const checked = this.check(session, input.hitId, 'workflow:run-clets', { step: 'clets-sent' });
      if (!checked.ok) return checked;
      const message = compose(checked.row);
      const record = this.ctx.audit.append({
        action: 'workflow.clets-query',
        outcome: 'granted',
        actor: actorOf(user),
        ip: session.ip,
        data: { hitId: input.hitId, plate: checked.row.read_plate, state: checked.row.read_state, message, via: 'hub' },
        purpose: PURPOSE_HIT_CONFIRMATION,
      });
      return { ok: true as const, row: checked.row, message, at: this.now(), auditId: record.id };
    });
    if (!sent.ok) throw sent.failure;

    let response: CletsResponse;
    try {
      response = await queryHubSwitch(this.ctx.hub!, sent.message, query(sent.row));
    } catch (err) {
      if (!(err instanceof CletsError)) throw err;
      await this.ctx.appendAudit({
        action: 'workflow.clets-query',
        outcome: 'failed',
        actor: actorOf(user),
        ip: session.ip,
        data: { hitId: input.hitId, error: err.message },
        purpose: PURPOSE_HIT_CONFIRMATION,
      });
      throw new CallFailure(
        'unavailable',
        `CLETS query not completed: ${err.message}. The hit is still waiting for its CLETS query: run it again, or enter the result from a CLETS terminal.`,
      );
    }
    return this.step(session, input.hitId, 'workflow:run-clets', () => this.cletsPlan(response, 'hub', sent), 'workflow.clets-result');
  }

  /** `workflow:record-clets`: what the dispatcher read off a separate CLETS terminal. */
  async recordClets(
    input: { hitId: string; status?: CletsStatus; text?: string; oca?: string; cautions?: string; vehicle?: string; notes?: string },
    session: Session,
  ): Promise<WorkflowView> {
    const row = this.store.row(input.hitId);
    if (!row) throw new CallFailure('not-found', 'no such hit');
    let response: CletsResponse;
    try {
      response = this.enteredReturn(input, { ori: this.config.ori, plate: row.read_plate, state: row.read_state });
    } catch (err) {
      if (err instanceof CallFailure) throw await this.refused(session, input.hitId, 'workflow:record-clets', err);
      throw err;
    }
    return this.step(session, input.hitId, 'workflow:record-clets', () => this.cletsPlan(response, 'manual', null), 'workflow.clets-result');
  }

  /** The hand-entered return: pasted text (read strictly) and the form's fields on top. */
  private enteredReturn(
    input: { status?: CletsStatus; text?: string; oca?: string; cautions?: string; vehicle?: string; notes?: string },
    query: QueryFields,
  ): CletsResponse {
    const text = input.text?.trim() ?? '';
    let status = input.status;
    let fields: CletsResponse['fields'] = { ori: query.ori, plate: query.plate, state: query.state, cautions: [] };
    if (text) {
      const parsed = parseCletsReturn(text, query);
      if (!parsed.ok) throw new CallFailure('invalid-input', `the pasted CLETS return cannot be read: ${parsed.error}`, [`text: ${parsed.error}`]);
      if (status && parsed.status !== status) {
        throw new CallFailure('invalid-input', `the pasted return says ${parsed.status}, but ${status} is chosen`, [`status: the return says ${parsed.status}`]);
      }
      status = parsed.status;
      fields = parsed.fields;
    }
    if (!status) throw new CallFailure('invalid-input', 'choose the CLETS status or paste the return', ['status: choose one']);
    const vehicle = hotlistVehicle(input.vehicle);
    const cautions = (input.cautions ?? '').split(/[,;\n]/).map((c) => c.trim().toUpperCase()).filter(Boolean);
    fields = {
      ...fields,
      ...(input.oca ? { oca: input.oca.toUpperCase() } : {}),
      ...(vehicle.year ? { vehicleYear: vehicle.year } : {}),
      ...(vehicle.make ? { vehicleMake: vehicle.make.toUpperCase() } : {}),
      ...(vehicle.model ? { vehicleModel: vehicle.model.toUpperCase() } : {}),
      ...(vehicle.colour ? { vehicleColour: vehicle.colour.toUpperCase() } : {}),
      ...(input.notes ? { notes: input.notes } : {}),
      cautions: status === 'active' ? [...new Set([...fields.cautions, ...cautions])] : [],
    };
    return { status, text: text || 'Entered by hand from a CLETS terminal.', fields };
  }

  private cletsPlan(
    response: CletsResponse,
    via: 'hub' | 'manual',
    sent: { message: string; at: string; auditId: string } | null,
  ): Plan {
    const receivedAt = this.now();
    return {
      moves: [
        ...(sent ? [{ move: { step: 'clets-sent' } as Move, detail: `${sent.message} (hub switch)`, at: sent.at, auditId: sent.auditId }] : []),
        { move: { step: 'clets-result', outcome: response.status }, detail: cletsSummary(response.status, response.fields), at: receivedAt },
      ],
      patch: {
        ...(sent ? { clets_message: sent.message, clets_via: via, clets_sent_at: sent.at } : {}),
        clets_response_enc: this.cipher.encrypt(JSON.stringify({ text: response.text, fields: response.fields })),
        clets_received_at: receivedAt,
      },
      audit: { outcome: response.status, via, ...(response.fields.oca ? { oca: response.fields.oca } : {}) },
    };
  }

  // ---- The one way a step is taken ------------------------------------------------------

  private async step(
    session: Session,
    hitId: string,
    channel: StepChannel,
    plan: (row: WorkflowRow) => Plan,
    action?: string,
  ): Promise<WorkflowView> {
    const fresh = await this.claimOrRefuse(session, hitId, channel);
    const result = await this.ctx.commit(() => {
      const row = this.store.row(hitId);
      if (!row) return { ok: false as const, failure: new CallFailure('not-found', 'no such hit') };
      const p = plan(row);
      const checked = this.check(session, hitId, channel, p.moves[0]!.move);
      if (!checked.ok) return checked;
      this.apply(session, row, p, action);
      return { ok: true as const };
    });
    if (!result.ok) throw result.failure;
    this.afterStep(hitId);
    if (fresh) this.catchUpLater(hitId);
    return this.view(hitId, session);
  }

  /** True when the hub has just given this console the hit (see `claim`). */
  private async claimOrRefuse(session: Session, hitId: string, channel: StepChannel): Promise<boolean> {
    const claim = await this.claim(hitId, session.user!);
    if (claim.ok) return claim.fresh === true;
    throw await this.ctx.commit(() => this.refuse(session, hitId, channel, claim.reason));
  }

  /**
   * After a step on a hit the hub has just given this console: its timeline, read in the
   * background, brings in steps taken elsewhere while this console was not running, and the
   * hit's state is worked out again from all of them (the view follows).
   */
  private catchUpLater(hitId: string): void {
    void this.catchUp(hitId).then((found) => {
      if (found) this.changed(hitId);
    });
  }

  /** Inside a commit: may this console take `move` on the hit now? A refusal is audited. */
  private check(
    session: Session,
    hitId: string,
    channel: StepChannel,
    move: Move,
  ): { ok: true; row: WorkflowRow } | { ok: false; failure: CallFailure } {
    const row = this.store.row(hitId);
    if (!row) return { ok: false, failure: new CallFailure('not-found', 'no such hit') };
    const holder = holderOf(row);
    if (holder && holder.workstationId !== this.ws) {
      return { ok: false, failure: this.refuse(session, hitId, channel, `${describeHolder(holder)}.`) };
    }
    const order = orderOf(row, this.config.get());
    const state = { status: row.status, cletsStatus: row.clets_status };
    if (move.step === 'disposed' && move.outcome === 'entry-withdrawn' && row.withdrawn === null) {
      return { ok: false, failure: this.refuse(session, hitId, channel, 'the hotlist entry of this hit has not been withdrawn') };
    }
    // Patrol is not sent after a car whose entry was taken off the list: such a hit ends with W.
    if (move.step === 'broadcast' && row.withdrawn !== null) {
      return { ok: false, failure: this.refuse(session, hitId, channel, 'the officer\'s entry behind this hit was withdrawn: nothing goes out on the radio; end the hit as entry withdrawn (W)') };
    }
    const verdict =
      move.step === 'disposed' && move.outcome === 'entry-withdrawn' ? advanceWithdrawn(order, state) : advance(order, state, move);
    if (!verdict.ok) return { ok: false, failure: this.refuse(session, hitId, channel, verdict.error) };
    return { ok: true, row };
  }

  /** The refused attempt is recorded under the step's own action, with the plate it names. */
  private refuse(session: Session, hitId: string, channel: StepChannel, reason: string): CallFailure {
    return this.recordRefusal(session, hitId, channel, new CallFailure('conflict', `Refused: ${reason}`), reason);
  }

  /** Inside a commit: `failure` is recorded as a refused attempt (see refuse), and returned to throw. */
  private recordRefusal(session: Session, hitId: string, channel: StepChannel, failure: CallFailure, reason = failure.message): CallFailure {
    const row = this.store.row(hitId);
    this.ctx.audit.append({
      action: auditActionOf(channel),
      outcome: 'refused',
      actor: actorOf(session.user!),
      ip: session.ip,
      data: { hitId, ...(row ? { plate: row.read_plate, state: row.read_state } : {}), reason },
      purpose: PURPOSE_HIT_CONFIRMATION,
    });
    return failure;
  }

  /**
   * Nothing is shown before its lookup is logged: a workflow call on a hit this session's user
   * has not opened here (hits:open, which records the lookup with its purpose) is refused, and
   * the refusal is on the record.
   */
  async requireLookup(hitId: string, session: Session, channel: StepChannel): Promise<void> {
    if (this.looked.get(session)?.has(`${session.user!.id}:${hitId}`)) return;
    // No such hit says just that, as a hit of a list the role may not see does.
    if (!this.store.row(hitId)) throw new CallFailure('not-found', 'no such hit');
    throw await this.refused(session, hitId, channel, new CallFailure('forbidden', 'open the hit first: its lookup is recorded when it is opened'));
  }

  /** A refusal found before any step was tried (bad input, hub down), on the record as well. */
  private async refused(session: Session, hitId: string, channel: StepChannel, failure: CallFailure): Promise<CallFailure> {
    return this.ctx.commit(() => this.recordRefusal(session, hitId, channel, failure));
  }

  /**
   * Inside a commit, after `check`: the steps, their timeline entries (to report upstream), the
   * audit record, and the hit's new state; an ending adds the workflow's own disposition.
   */
  private apply(session: Session, row: WorkflowRow, plan: Plan, action?: string): void {
    const user = session.user!;
    const order = orderOf(row, this.config.get());
    let state: WorkflowState = { status: row.status, cletsStatus: row.clets_status };
    let ending: Ending | null = null;
    let at = this.now();
    const last = plan.moves[plan.moves.length - 1]!.move;
    const record = this.ctx.audit.append({
      action: action ?? `workflow.${last.step}`,
      outcome: 'ok',
      actor: actorOf(user),
      ip: session.ip,
      data: { hitId: row.id, plate: row.read_plate, state: row.read_state, step: last.step, ...plan.audit },
      purpose: PURPOSE_HIT_CONFIRMATION,
    });
    const event = (step: EventRow['step'], outcome: string | null, detail: string | null, when: string, auditId: string) =>
      this.store.insertEvent({
        hit_id: row.id,
        step,
        outcome,
        detail,
        at: when,
        username: user.username,
        display_name: user.displayName,
        workstation_id: this.ws,
        previous: null,
        source: 'local',
        audit_id: auditId,
        report: 'pending',
      });
    for (const m of plan.moves) {
      ({ state, ending } = stateAfter(order, state, m.move));
      at = m.at ?? at;
      event(m.move.step, 'outcome' in m.move ? m.move.outcome : null, m.detail, at, m.auditId ?? record.id);
    }
    const patch: HitPatch = {
      ...plan.patch,
      status: state.status,
      clets_status: state.cletsStatus,
      workflow_order: order,
      last_step_at: at,
    };
    if (last.step === 'disposed') {
      patch.disposition = last.outcome;
      patch.ended_at = at;
    }
    if (ending) {
      event('disposed', ending, `Set by the workflow: ${AUTOMATIC_LABELS[ending]}.`, at, record.id);
      patch.disposition = ending;
      patch.ended_at = at;
    }
    this.store.update(row.id, patch);
  }

  private afterStep(hitId: string): void {
    this.reporter.kick();
    this.changed(hitId);
  }

  // ---- What other consoles did, through the hub -------------------------------------------

  /** hub `hit:status`: another console's step, or a claim change (this console's included). */
  async fromHub(payload: unknown): Promise<void> {
    const parsed = hitStatusSchema.safeParse(payload);
    if (!parsed.success) {
      this.ctx.log('ignored a malformed hit:status from the hub');
      return;
    }
    const s = parsed.data;
    const isClaim = s.step === 'claimed' || s.step === 'released' || s.step === 'taken-over';
    // This console's own steps come back from the hub: they are already here.
    if (!isClaim && s.workstationId === this.ws) return;
    const known = await this.ctx.commit(() => {
      this.remember(s);
      const row = this.store.row(s.hitId);
      if (!row) return false;
      if (isClaim) this.applyClaim(row, s);
      else this.refold(s.hitId);
      return true;
    });
    if (known) this.changed(s.hitId);
  }

  private remember(s: HubHitStatus): boolean {
    return this.store.insertEvent({
      hit_id: s.hitId,
      step: s.step,
      outcome: s.outcome ?? null,
      detail: s.detail ?? null,
      at: s.at,
      username: s.user.username,
      display_name: s.user.displayName,
      workstation_id: s.workstationId,
      previous: s.previous ? JSON.stringify(s.previous) : null,
      source: 'hub',
      audit_id: null,
      report: null,
    });
  }

  private applyClaim(row: WorkflowRow, s: HubHitStatus): void {
    const holder: ClaimHolder = { user: s.user, workstationId: s.workstationId, at: s.at };
    if (s.step === 'released') {
      // Only the claim released: not one the next user at that console made meanwhile.
      if (row.claim_workstation === s.workstationId && row.claim_username === s.user.username) this.store.setClaim(row.id, null, false);
    } else if (s.workstationId === this.ws && this.store.releasePending(row.id)) {
      // This console's own step coming back while its release is on the way: the user who
      // held it has signed out, so it is not shown as held by them again.
    } else if (
      s.step === 'claimed' &&
      s.workstationId === this.ws &&
      row.claim_workstation === this.ws &&
      row.claim_confirmed === 0 &&
      row.claim_username !== s.user.username
    ) {
      // The hub's old claim for a user of this console, while another user here took the hit
      // up without the hub: the reporter's claim for them moves it at the hub (same console).
    } else {
      this.store.setClaim(row.id, holder, true);
    }
  }

  /** The hit's state from every step recorded for it, here and elsewhere, in time order. */
  private refold(hitId: string): void {
    const row = this.store.row(hitId);
    if (!row) return;
    const order = orderOf(row, this.config.get());
    let state: WorkflowState = { status: 'new', cletsStatus: null };
    let last: EventRow | null = null;
    let disposed: EventRow | null = null;
    for (const e of this.store.events(hitId)) {
      const move = moveOf(e);
      if (!move) continue;
      ({ state } = stateAfter(order, state, move));
      last = e;
      if (e.step === 'disposed') disposed ??= e;
    }
    if (!last) return;
    const patch: HitPatch = { status: state.status, clets_status: state.cletsStatus, last_step_at: last.at, workflow_order: order };
    if (disposed && row.disposition === null) {
      patch.disposition = disposed.outcome;
      patch.ended_at = disposed.at;
    } else if (disposed && row.disposition !== disposed.outcome) {
      this.ctx.log(`hit ${hitId}: ${disposed.workstation_id} disposed it as ${disposed.outcome}, this console as ${row.disposition}; keeping ${row.disposition}`);
      patch.status = row.status;
    }
    this.store.update(hitId, patch);
  }

  /**
   * Hits just stored: apply the claims and steps the hub announced before the hit itself
   * arrived (on connect it sends the claims first). Synchronous, so the new hits reach the
   * queue already showing who works them.
   */
  adopt(hitIds: readonly string[]): void {
    const announced = hitIds.filter((id) => this.store.events(id).length > 0);
    if (announced.length === 0) return;
    this.ctx.db.transaction(() => {
      for (const hitId of announced) {
        const events = this.store.events(hitId);
        const row = this.store.row(hitId)!;
        const claim = [...events].reverse().find((e) => e.step === 'claimed' || e.step === 'taken-over' || e.step === 'released');
        if (claim) {
          this.applyClaim(row, {
            hitId,
            step: claim.step,
            user: { username: claim.username, displayName: claim.display_name },
            workstationId: claim.workstation_id,
            at: claim.at,
          });
        }
        this.refold(hitId);
      }
    })();
  }

  // ---- Settings --------------------------------------------------------------------------

  settings(): WorkflowSettings {
    return this.config.get();
  }

  async updateSettings(patch: Partial<WorkflowSettings>, session: Session): Promise<WorkflowSettings> {
    let change;
    try {
      change = this.config.update(patch);
    } catch (err) {
      if (err instanceof SettingsRefused) throw new CallFailure('invalid-input', err.message, err.details);
      if (err instanceof SettingsLocked) {
        // IT's provisioning file wins: the change is refused, said plainly, and the attempt logged.
        await this.ctx.appendAudit({
          action: 'workflow.settings',
          outcome: 'refused',
          actor: actorOf(session.user!),
          ip: session.ip,
          data: { keys: err.keys, reason: 'set by the provisioning file' },
        });
        throw new CallFailure('forbidden', `These settings are set by your IT department and cannot be changed here: ${err.keys.join(', ')}`);
      }
      throw err;
    }
    const { before, after } = change;
    const changed = (Object.keys(patch) as (keyof WorkflowSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await this.ctx.appendAudit({
      action: 'workflow.settings',
      outcome: 'ok',
      actor: actorOf(session.user!),
      ip: session.ip,
      data: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
    });
    return after;
  }
}

function moveOf(e: EventRow): Move | null {
  switch (e.step) {
    case 'opened':
    case 'broadcast':
    case 'clets-sent':
    case 'results-broadcast':
      return { step: e.step };
    case 'plate-check':
      return { step: 'plate-check', outcome: e.outcome === 'misread' ? 'misread' : 'confirmed' };
    case 'clets-result':
      return { step: 'clets-result', outcome: (e.outcome ?? 'no-record') as CletsStatus };
    case 'disposed':
      return { step: 'disposed', outcome: e.outcome ?? '' };
    default:
      return null;
  }
}
