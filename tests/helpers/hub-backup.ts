// IT's backup and restore of a hub, as the tests play them: the hub stopped, its data folder
// copied whole; later the copy put back in the folder's place.
import fs from 'node:fs';
import { tempDir } from './tmp';

/** Copies a stopped hub's data folder; returns the copy. */
export function copyHubFolder(hubDir: string): string {
  const backup = tempDir();
  fs.cpSync(hubDir, backup, { recursive: true });
  return backup;
}

/** Puts `backup` back in place of the (stopped) hub's data folder. */
export function restoreHubFolder(backup: string, hubDir: string): void {
  fs.rmSync(hubDir, { recursive: true, force: true });
  fs.cpSync(backup, hubDir, { recursive: true });
}
