import type { Migration } from '../../core/db/open';
import { migration0001 } from './0001-initial';

/** Every hub migration, in order. Add new ones at the end; never edit one that has shipped. */
export const hubMigrations: readonly Migration[] = [migration0001];
