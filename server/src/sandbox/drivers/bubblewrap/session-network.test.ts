import { describe, expect, it } from 'vitest';
import { boundPorts } from './session-network.js';

describe('boundPorts', () => {
  it('reads listening TCP and bound UDP ports from /proc/net tables', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0',
      '   1: 0A00010A:B5F2 5000020A:0050 01 00000000:00000000 00:00000000 00000000  1000        0 2 1 0 20 4 30 10 -1',
    ].join('\n');
    expect([...boundPorts(tcp, 'tcp')]).toEqual([80]);
    const udp = [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      '  1: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 3 2 0 0',
    ].join('\n');
    expect([...boundPorts(udp, 'udp')]).toEqual([53]);
  });
});
