/**
 * The usage and privacy policy every user acknowledges before seeing ALPR data, versioned and
 * admin-editable, and the security settings (session lock, exemption, hotlist categories per
 * role). Both in the console database (migration 0004).
 *
 * The default text is drawn from the agencies' policies in the project's seed documents:
 * Lodi PD Policy 431 (seed 001: official law enforcement purposes only, no access without
 * department-approved training, CLETS verification, access records per Civil Code
 * § 1798.90.52), Claremont PD Policy 820 (seed 003: no username or password before training and
 * reading the policy, annual review, confidentiality, dispatcher confirms the plate is not a
 * misread) and San Jose PD's ALPR policy (seed 004: authorized uses only, accountability,
 * logging with purpose, do not confirm existence of information to those not eligible).
 */
import type { DB } from '../db/open';
import type { Role, SecuritySettings } from '../../contract';

export const DEFAULT_POLICY_TEXT = `ALPR Usage and Privacy Policy — acknowledgement for console users

1. Authorized use only. ALPR data shall be used only for official, legitimate law enforcement or public safety purposes. You shall not use, or allow others to use, the console or its records for any unauthorized purpose, including personal reasons (Civil Code § 1798.90.51; § 1798.90.53).

2. Training first. No one may operate the ALPR system or access ALPR data without first completing department-approved training, including its privacy and civil liberties protections. Your account shows no ALPR data until an administrator has recorded your training and you have acknowledged this policy. You will be asked to acknowledge it again each year and whenever it changes.

3. Verify before acting. An ALPR hit is not probable cause by itself. Confirm that the plate was read correctly (not a misread) and that the state matches, then confirm the vehicle's current status through CLETS before any enforcement action; hotlists may be out of date.

4. Accountability. Every access is recorded with your name, the date and time, the data used and the purpose (Civil Code § 1798.90.52). Records are audited regularly. Sign in only as yourself, never share your password, and lock the console (Ctrl+L) whenever you leave it.

5. Confidentiality. ALPR data and images are confidential and not open to public review. Share them only with law enforcement or prosecutorial agencies for official purposes, through the approved procedures. Do not confirm the existence or nonexistence of information to anyone who is not eligible to receive it.

6. Reporting. Report errors and suspected or confirmed misuse of ALPR data to your supervisor at once. Misuse may lead to discipline and to criminal or civil liability.

Sources: Lodi Police Department Policy 431; Claremont Police Department Policy 820; San Jose Police Department ALPR Policy.`;

/** Acknowledgements older than this are asked again (Claremont 820.4: annual review). */
export const ACK_VALID_MS = 365 * 24 * 60 * 60_000;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  lockAfterMinutes: 30,
  dispatchCenterExemption: false,
  roleLists: { dispatcher: null, supervisor: null, admin: null, auditor: null },
};

export class PolicyStore {
  constructor(
    private readonly db: DB,
    private readonly now: () => Date,
  ) {}

  current(): { version: number; text: string; updatedAt: string } {
    const row = this.db
      .prepare<[], { version: number; text: string; created_at: string }>('SELECT version, text, created_at FROM policy_versions ORDER BY version DESC LIMIT 1')
      .get();
    return row ? { version: row.version, text: row.text, updatedAt: row.created_at } : { version: 1, text: DEFAULT_POLICY_TEXT, updatedAt: new Date(0).toISOString() };
  }

  publish(text: string, by: string): number {
    const version = this.current().version + 1;
    // The built-in version 1 is stored the first time it is replaced, so the history is whole.
    if (version === 2 && !this.db.prepare('SELECT 1 FROM policy_versions WHERE version = 1').get()) {
      this.db.prepare('INSERT INTO policy_versions (version, text, created_at, created_by) VALUES (1, ?, ?, NULL)').run(DEFAULT_POLICY_TEXT, new Date(0).toISOString());
    }
    this.db.prepare('INSERT INTO policy_versions (version, text, created_at, created_by) VALUES (?, ?, ?, ?)').run(version, text, this.now().toISOString(), by);
    return version;
  }

  /** When the user acknowledged the current version, if that was within a year. */
  acknowledgedAt(userId: number): string | null {
    const { version } = this.current();
    const row = this.db.prepare<[number, number], { at: string }>('SELECT at FROM policy_acks WHERE user_id = ? AND version = ?').get(userId, version);
    if (!row) return null;
    return this.now().getTime() - Date.parse(row.at) <= ACK_VALID_MS ? row.at : null;
  }

  acknowledge(userId: number, version: number): void {
    this.db
      .prepare('INSERT INTO policy_acks (user_id, version, at) VALUES (?, ?, ?) ON CONFLICT (user_id, version) DO UPDATE SET at = excluded.at')
      .run(userId, version, this.now().toISOString());
  }

  settings(): SecuritySettings {
    const row = this.db.prepare<[], { value: string }>("SELECT value FROM security_settings WHERE key = 'security'").get();
    if (!row) return structuredClone(DEFAULT_SECURITY_SETTINGS);
    const stored = JSON.parse(row.value) as Partial<SecuritySettings>;
    return { ...DEFAULT_SECURITY_SETTINGS, ...stored, roleLists: { ...DEFAULT_SECURITY_SETTINGS.roleLists, ...(stored.roleLists ?? {}) } };
  }

  saveSettings(s: SecuritySettings): void {
    this.db
      .prepare("INSERT INTO security_settings (key, value) VALUES ('security', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(s));
  }

  /** Whether a role may see a hotlist category (list name); null in the settings: every list. */
  listVisible(role: Role, list: string): boolean {
    const allowed = this.settings().roleLists[role];
    return allowed == null || allowed.some((l) => l.toLowerCase() === list.toLowerCase());
  }
}

