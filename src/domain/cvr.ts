// CVR numbers: 8 digits with a modulus-11 check (weights 2,7,6,5,4,3,2,1).

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

export function isValidCvr(value: string): boolean {
  if (!/^\d{8}$/.test(value) || value.startsWith('0')) return false;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(value[i]), 0);
  return sum % 11 === 0;
}
