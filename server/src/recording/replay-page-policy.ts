/**
 * The replay page's Content-Security-Policy: the page's usual strict policy
 * (http/security-headers.ts) plus `'wasm-unsafe-eval'` in script-src, which
 * asciinema-player needs to compile its terminal emulator (WebAssembly).
 * It allows compiling WebAssembly and nothing else (no eval of JavaScript),
 * and only on /recordings/<id>, loaded as a page of its own (the results
 * page links to it without in-page routing), so a learner's page never
 * carries it.
 */
import type { RequestHandler } from 'express';
import { CONTENT_SECURITY_POLICY } from '../http/security-headers.js';

export const REPLAY_PAGE_PATH = '/recordings/:recordingId';

export function replayPageCsp(): string {
  const directives: Record<string, readonly string[]> = {
    ...CONTENT_SECURITY_POLICY,
    'script-src': [...CONTENT_SECURITY_POLICY['script-src'], "'wasm-unsafe-eval'"],
  };
  return Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`).join(';');
}

/** Runs before the page fallback serves index.html for the replay path; replaces helmet's policy. */
export function replayPagePolicy(): RequestHandler {
  const policy = replayPageCsp();
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    next();
  };
}
