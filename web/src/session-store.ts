/**
 * Remembers which session belongs to which lab, so that a reload re-attaches
 * to the same shell instead of starting a new sandbox. Only ids are kept: the
 * credential lives in the HttpOnly cookie, out of reach of page scripts.
 */
const STORAGE_KEY = 'syslab.sessions';

export interface SessionStore {
  get(labId: string): string | undefined;
  set(labId: string, sessionId: string): void;
  forget(labId: string): void;
}

export function createSessionStore(storage: Storage | null = safeLocalStorage()): SessionStore {
  // Without storage (blocked by privacy settings) sessions still work; they
  // just do not survive a reload.
  const memory = new Map<string, string>();

  function read(): Record<string, string> {
    if (!storage) return Object.fromEntries(memory);
    try {
      const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return {};
    }
  }

  function write(sessions: Record<string, string>): void {
    memory.clear();
    for (const [lab, id] of Object.entries(sessions)) memory.set(lab, id);
    if (!storage) return;
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify(sessions));
    } catch {
      // Quota or privacy mode: the in-memory copy still serves this page.
    }
  }

  return {
    get: (labId) => read()[labId],
    set(labId, sessionId) {
      write({ ...read(), [labId]: sessionId });
    },
    forget(labId) {
      const sessions = read();
      delete sessions[labId];
      write(sessions);
    },
  };
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
