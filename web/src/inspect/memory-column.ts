/**
 * Lays out an address space as one vertical column, high addresses at the
 * top. Sizes span ten orders of magnitude (a 4 KiB vdso beside a 1 GiB
 * mapping, and 100 TiB of nothing between them), so heights grow with the
 * logarithm of the size, from a minimum that keeps every region visible, and
 * the unmapped gaps are fixed-height breaks labelled with their size. Pure:
 * no DOM.
 */
import type { MapEntry } from '../../../common/src/inspect-api.js';

export interface ColumnScale {
  /** Height of a one-page (4 KiB) region, the smallest there is: room for one line of text. */
  minHeight: number;
  /** Added each time the size doubles. */
  perDoubling: number;
  /** Cap, so one huge reservation does not push everything off screen. */
  maxHeight: number;
  /** Height of the break drawn for an unmapped gap, whatever its size. */
  gapHeight: number;
}

export const DEFAULT_COLUMN_SCALE: ColumnScale = {
  minHeight: 14,
  perDoubling: 4,
  maxHeight: 110,
  gapHeight: 16,
};

export type ColumnBlock =
  | { kind: 'region'; entry: MapEntry; y: number; height: number; start: bigint; end: bigint }
  /** `spansKernel`: the gap holds the top of user space (128 TiB on x86-64), so beyond it lie the non-canonical hole and the kernel. */
  | { kind: 'gap'; y: number; height: number; bytes: bigint; spansKernel: boolean };

export interface MemoryColumn {
  /** Top to bottom: highest address first. */
  blocks: ColumnBlock[];
  height: number;
}

const PAGE_KIB = 4;
/** x86-64 with 4-level page tables: user space ends at 2^47; [vsyscall] sits beyond, in the kernel's half. */
const USER_SPACE_END = 0x800000000000n;

export function regionHeight(sizeKiB: number, scale: ColumnScale = DEFAULT_COLUMN_SCALE): number {
  const doublings = Math.log2(Math.max(sizeKiB, PAGE_KIB) / PAGE_KIB);
  return Math.min(scale.maxHeight, Math.round(scale.minHeight + scale.perDoubling * doublings));
}

export function layoutMemoryColumn(entries: readonly MapEntry[], scale: ColumnScale = DEFAULT_COLUMN_SCALE): MemoryColumn {
  const regions = entries
    .map((entry) => ({ entry, start: parseAddress(entry.start), end: parseAddress(entry.end) }))
    .filter((r): r is { entry: MapEntry; start: bigint; end: bigint } => r.start !== null && r.end !== null && r.end > r.start)
    .sort((a, b) => (a.start === b.start ? 0 : a.start > b.start ? -1 : 1));
  const blocks: ColumnBlock[] = [];
  let y = 0;
  let below: bigint | null = null;
  for (const region of regions) {
    if (below !== null && below > region.end) {
      blocks.push({ kind: 'gap', y, height: scale.gapHeight, bytes: below - region.end, spansKernel: region.end <= USER_SPACE_END && below > USER_SPACE_END });
      y += scale.gapHeight;
    }
    const height = regionHeight(region.entry.sizeKiB, scale);
    blocks.push({ kind: 'region', entry: region.entry, y, height, start: region.start, end: region.end });
    y += height;
    below = region.start;
  }
  return { blocks, height: y };
}

/** `"0x7ffd1c2a0000"` or `"7ffd1c2a0000"` → a bigint; null when it is not hex. */
export function parseAddress(text: string): bigint | null {
  const digits = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (!/^[0-9a-fA-F]{1,16}$/.test(digits)) return null;
  return BigInt(`0x${digits}`);
}

/** Addresses as /proc/PID/maps prints them: lower-case hex without 0x, at least 12 digits (user space on x86-64). */
export function formatAddress(address: bigint): string {
  return address.toString(16).padStart(12, '0');
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** `4096n` → `4 KiB`, `1572864n` → `1.5 MiB`: three significant digits at most, binary units as pmap uses. */
export function formatBytes(bytes: bigint): string {
  let unit = 0;
  let whole = bytes;
  while (whole >= 1024n && unit < BYTE_UNITS.length - 1) {
    whole /= 1024n;
    unit++;
  }
  if (unit === 0) return `${bytes} B`;
  const value = Number(bytes) / 1024 ** unit;
  const text = value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${trimZeros(text)} ${BYTE_UNITS[unit]}`;
}

export function formatKiB(kib: number): string {
  return formatBytes(BigInt(Math.round(kib)) * 1024n);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** The path column's short form: the file name, or `[heap]` and friends as they are; empty for anonymous memory. */
export function regionName(entry: MapEntry): string {
  if (entry.path === '') return '';
  if (entry.path.startsWith('[')) return entry.path;
  const slash = entry.path.lastIndexOf('/');
  return slash >= 0 ? entry.path.slice(slash + 1) : entry.path;
}
