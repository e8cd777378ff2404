import { describe, expect, it } from 'vitest';
import { KeyboardHandover } from './keyboard-handover.js';

describe('KeyboardHandover', () => {
  it('goes learner → requested → instructor only with the learner’s yes, and back closes the typing sockets', () => {
    const k = new KeyboardHandover();
    expect(k.allow('s1')).toBe(false);
    expect(k.holder('s1')).toBe('learner');
    k.request('s1');
    expect(k.holder('s1')).toBe('requested');
    expect(k.mayType('s1')).toBe(false);
    expect(k.allow('s1')).toBe(true);
    expect(k.mayType('s1')).toBe(true);
    // Asking again while holding it changes nothing.
    k.request('s1');
    expect(k.holder('s1')).toBe('instructor');
    const closed: string[] = [];
    k.addTypingSocket('s1', () => closed.push('a'));
    const unregister = k.addTypingSocket('s1', () => closed.push('b'));
    unregister();
    expect(k.giveBack('s1')).toBe(true);
    expect(closed).toEqual(['a']);
    expect(k.holder('s1')).toBe('learner');
    expect(k.giveBack('s1')).toBe(false);
  });
});
