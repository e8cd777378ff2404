/** Every expected failure of an API call, from a refused connection to a 429 (json-requests.ts). */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** HTTP status, or 0 when no answer arrived at all. */
    readonly status: number,
    /** The API's machine-readable code (`lab_not_found`…), or `network` / `bad_response`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
