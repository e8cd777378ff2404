import { describe, expect, it } from 'vitest';
import { ProcessSelection } from './process-selection.js';

describe('ProcessSelection', () => {
  it('tells its listeners of each change, once', () => {
    const selection = new ProcessSelection();
    const heard: Array<number | null> = [];
    const subscription = selection.onChange((pid) => heard.push(pid));
    selection.select(5);
    selection.select(5);
    selection.select(null);
    subscription.dispose();
    selection.select(7);
    expect(heard).toEqual([5, null]);
  });

  it('lets go of a process that exited, so the tabs fall back to their default', () => {
    const selection = new ProcessSelection();
    selection.select(5);
    selection.keepIfAlive([{ pid: 2 }, { pid: 5 }]);
    expect(selection.pid).toBe(5);
    selection.keepIfAlive([{ pid: 2 }]);
    expect(selection.pid).toBeNull();
  });
});
