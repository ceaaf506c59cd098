import type { CallError, ErrorCode } from '../contract';

/** A refusal a user can read; anything else thrown in a handler becomes `internal`. */
export class CallFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CallFailure';
  }

  toError(): CallError {
    return this.details.length
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}
