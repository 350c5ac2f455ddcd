/** Exit codes: 0 success, 1 the operation failed, 2 the command line was wrong. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line (bad value, unknown id): reported plainly, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}
