// Refusals in the words of the form: the field a limit is on, and zod's wording made plain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../renderer/api';
import { formErrors, plainIssue } from '../../renderer/features/session/field-errors';

test('a refused field reads plainly: the field itself (not its group), and "each" for a limit on list items', () => {
  assert.deepEqual(plainIssue('next: String must contain at most 1024 character(s)'), { label: 'Next', text: 'at most 1024 characters' });
  assert.deepEqual(plainIssue('filters.username: String must contain at most 64 character(s)'), { label: 'Username', text: 'at most 64 characters' });
  assert.deepEqual(plainIssue('units.2: String must contain at most 20 character(s)', { units: 'Assigned units' }), { label: 'Assigned units', text: 'each at most 20 characters' });
  assert.equal(plainIssue('no field here'), null);
});

test('errors placed next to a field use the same plain words', () => {
  const err = new ApiError({ code: 'invalid-input', message: 'invalid input', details: ['next: String must contain at most 1024 character(s)', 'other: Required'] });
  const out = formErrors(err, ['current', 'next']);
  assert.deepEqual(out.fields, { next: ['at most 1024 characters'] });
  assert.deepEqual(out.general, ['other: Required']);
});
