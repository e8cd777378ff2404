/** The signal masks in /proc/PID/status (SigPnd, ShdPnd, SigBlk, SigIgn, SigCgt): 64-bit hex, bit n−1 is signal n. */
import { signalName, type SignalSets } from '../../../../common/src/inspect-api.js';

function maskOf(hex: string): bigint {
  return /^[0-9a-fA-F]{1,16}$/.test(hex) ? BigInt(`0x${hex}`) : 0n;
}

function names(mask: bigint): string[] {
  const out: string[] = [];
  for (let n = 1; n <= 64; n++) {
    if ((mask >> BigInt(n - 1)) & 1n) out.push(signalName(n));
  }
  return out;
}

export function decodeSignalMask(hex: string): string[] {
  return names(maskOf(hex));
}

export function parseSignalSets(status: string): SignalSets {
  const field = (key: string) => maskOf(new RegExp(`^${key}:\\s*(\\S+)$`, 'm').exec(status)?.[1] ?? '0');
  return {
    blocked: names(field('SigBlk')),
    ignored: names(field('SigIgn')),
    caught: names(field('SigCgt')),
    // Thread-directed and process-wide pending signals, as one set.
    pending: names(field('SigPnd') | field('ShdPnd')),
  };
}
