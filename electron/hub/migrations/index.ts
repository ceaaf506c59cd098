import type { Migration } from '../../core/db/open';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-workflow';
import { migration0003 } from './0003-officer-entries';
import { migration0004 } from './0004-sealed-details';
import { migration0005 } from './0005-officer-hits-pending';
import { migration0006 } from './0006-read-ids';
import { migration0007 } from './0007-audit-forks';
import { migration0008 } from './0008-audit-held';

/** Every hub migration, in order. Add new ones at the end; never edit one that has shipped. */
export const hubMigrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008];
