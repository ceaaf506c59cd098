import type { Migration } from '../open';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-audit-checkpoints';
import { migration0003 } from './0003-hit-workflow';
import { migration0004 } from './0004-accounts';
import { migration0005 } from './0005-shifts';
import { migration0006 } from './0006-search';
import { migration0007 } from './0007-records';
import { migration0008 } from './0008-reports';
import { migration0009 } from './0009-ocr';
import { migration0010 } from './0010-sealed-notes';
import { migration0011 } from './0011-random-audits';
import { migration0012 } from './0012-evidence';
import { migration0013 } from './0013-password-change';
import { migration0014 } from './0014-hub-releases';
import { migration0015 } from './0015-shift-people';
import { migration0016 } from './0016-audit-plates';
import { migration0017 } from './0017-match-pattern';
import { migration0018 } from './0018-shift-filing';
import { migration0019 } from './0019-late-hits';
import { migration0020 } from './0020-agency-holds';
import { migration0021 } from './0021-audit-acked';
import { migration0022 } from './0022-hold-place-record';

/** Every console migration, in order. Add new ones at the end; never edit a shipped one. */
export const consoleMigrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
  migration0021,
  migration0022,
];
