/**
 * The one typed error for expected failures that reach a user (STYLE.md #4):
 * an HTTP status, a stable machine code, a message saying what to do, and a
 * separate detail for the log. Anything else thrown is a bug and becomes 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** For the user: what went wrong and what to do. */
    readonly userMessage: string,
    /** For the log only. */
    readonly detail?: string,
  ) {
    super(userMessage);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string) => new AppError(400, 'bad_request', message);
export const unauthorized = (message = 'missing or wrong credential: send Authorization: Bearer <token> or the session cookie') =>
  new AppError(401, 'unauthorized', message);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
