/**
 * The page's one way of calling the JSON API: same-origin credentials (the
 * HttpOnly cookies ride along), no caching, a typed error for every failure
 * (ApiRequestError: the server's code and message, or "network", or
 * "bad_response" when a body is not the shape the caller checks for).
 */
import { ApiRequestError } from './api-error.js';
import { isRecord } from './api-shapes.js';

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

export interface JsonRequests {
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  json<T>(method: string, path: string, isValid: (value: unknown) => value is T, options?: RequestOptions): Promise<T>;
}

export function jsonRequests(fetchImpl: typeof fetch): JsonRequests {
  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const { body, signal } = options;
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        credentials: 'same-origin',
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: body === undefined ? null : JSON.stringify(body),
        cache: 'no-store',
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiRequestError(0, 'network', `Could not reach the syslab server (${error instanceof Error ? error.message : String(error)}). Is it running?`);
    }
    if (!response.ok) throw await errorFrom(response, method, path);
    return response;
  }

  async function json<T>(method: string, path: string, isValid: (value: unknown) => value is T, options: RequestOptions = {}): Promise<T> {
    const response = await request(method, path, options);
    const value: unknown = await response.json().catch(() => undefined);
    if (!isValid(value)) throw new ApiRequestError(response.status, 'bad_response', `${method} ${path} answered with an unexpected body.`);
    return value;
  }

  return { request, json };
}

async function errorFrom(response: Response, method: string, path: string): Promise<ApiRequestError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === 'string' && typeof body.error.message === 'string') {
    return new ApiRequestError(response.status, body.error.code, body.error.message);
  }
  // The flat form, `{ "error": code, "message": text }`.
  if (isRecord(body) && typeof body.error === 'string' && typeof body.message === 'string') {
    return new ApiRequestError(response.status, body.error, body.message);
  }
  const reason = response.statusText ? `${response.status} ${response.statusText}` : `status ${response.status}`;
  return new ApiRequestError(response.status, 'http_error', `${method} ${path} failed with ${reason}.`);
}
