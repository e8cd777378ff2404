/**
 * Hyperlinks in terminal output (OSC 8) come from whatever runs in the
 * sandbox, so they are untrusted: only http(s) links open, only after the
 * learner confirms the full address, and always without an opener so the new
 * page cannot script or redirect this one.
 */
import type { ILinkHandler } from '@xterm/xterm';

export function safeUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export const untrustedLinkHandler: ILinkHandler = {
  allowNonHttpProtocols: false,
  activate(_event, text) {
    const url = safeUrl(text);
    if (!url) return;
    if (!window.confirm(`The terminal output links to:\n\n${url.href}\n\nOpen it in a new tab?`)) return;
    window.open(url.href, '_blank', 'noopener,noreferrer');
  },
};
