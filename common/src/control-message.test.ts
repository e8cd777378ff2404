import { describe, expect, it } from 'vitest';
import { FlowControl } from './flow-control.js';
import { parseClientMessage } from './control-message.js';

describe('parseClientMessage', () => {
  it('accepts resize and ack', () => {
    expect(parseClientMessage('{"type":"resize","cols":80,"rows":24}')).toEqual({ ok: true, message: { type: 'resize', cols: 80, rows: 24 } });
    expect(parseClientMessage('{"type":"ack","bytes":32768}')).toEqual({ ok: true, message: { type: 'ack', bytes: 32768 } });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an unknown type', '{"type":"exec","cmd":"id"}', /invalid control message/],
    ['negative cols', '{"type":"resize","cols":-1,"rows":24}', /cols/],
    ['huge rows', '{"type":"resize","cols":80,"rows":1e9}', /rows/],
    ['fractional cols', '{"type":"resize","cols":80.5,"rows":24}', /cols/],
    ['a string ack', '{"type":"ack","bytes":"1"}', /bytes/],
    ['a zero ack', '{"type":"ack","bytes":0}', /bytes/],
    ['extra keys', '{"type":"ack","bytes":1,"x":1}', /invalid control message/],
    ['null', 'null', /invalid control message/],
  ])('rejects %s with a message naming the problem', (_what, text, pattern) => {
    const r = parseClientMessage(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(pattern);
  });
});

describe('FlowControl', () => {
  it('keeps the invariant ACK_EVERY <= LOW < HIGH, or a paused pty could never resume', () => {
    expect(FlowControl.ACK_EVERY_BYTES).toBeLessThanOrEqual(FlowControl.LOW_WATERMARK_BYTES);
    expect(FlowControl.LOW_WATERMARK_BYTES).toBeLessThan(FlowControl.HIGH_WATERMARK_BYTES);
  });
});
