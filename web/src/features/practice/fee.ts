// The fee as a person writes it ("60", "60.50", "60,50") and as the API keeps it: whole
// minor units of the currency (6050 cents). `digits` is the currency's minor-unit digits.
// String arithmetic, so no amount is rounded by floating point.

// The amount in minor units, or null when `text` is not a plain amount with at most
// `digits` decimals (no sign, no thousands separators).
export function parseFee(text: string, digits: number): number | null {
  const m = /^(\d{1,9})(?:[.,](\d*))?$/.exec(text.trim());
  if (!m || (m[2] ?? '').length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
}

// Minor units written back as an amount, with the language's decimal separator.
export function feeText(minor: number, digits: number, separator: string): string {
  const whole = Math.floor(minor / 10 ** digits);
  if (digits === 0) return String(whole);
  return `${whole}${separator}${String(minor % 10 ** digits).padStart(digits, '0')}`;
}
