/** What people type or paste as a join code, shown as on the board: "kxr47p" → "KXR-47P". Pure. */
export function tidyCode(input: string): string {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6);
  return raw.length > 3 ? `${raw.slice(0, 3)}-${raw.slice(3)}` : raw;
}
