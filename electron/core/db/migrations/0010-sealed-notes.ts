import type { Migration } from '../open';

/**
 * Free text typed by dispatchers is encrypted at rest, like hotlist notes and CLETS returns:
 * a misread's note, a disposition's notes and each timeline entry's detail (misread reason and
 * note, broadcast scripts with the vehicle and hotlist reason, CLETS summaries with cautions,
 * disposition notes, takeover reasons) are written to these BLOB columns with the console's
 * data key (FieldCipher); the clear columns stay NULL from now on.
 *
 * A migration has no key, so rows written in clear before this version are sealed by the
 * workflow when the core starts (WorkflowStore.sealClearText), once, in one transaction;
 * the partial indexes let that start-up check find them (or find none) without a scan.
 * The shift log's triggers on hit_events read only step, outcome, time and user: unaffected.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'sealed-notes',
  up(db) {
    db.exec(`
      ALTER TABLE hits ADD COLUMN misread_note_enc BLOB;
      ALTER TABLE hits ADD COLUMN disposition_notes_enc BLOB;
      ALTER TABLE hit_events ADD COLUMN detail_enc BLOB;
      CREATE INDEX hits_clear_notes ON hits (id) WHERE misread_note IS NOT NULL OR disposition_notes IS NOT NULL;
      CREATE INDEX hit_events_clear_detail ON hit_events (id) WHERE detail IS NOT NULL;
    `);
  },
};
