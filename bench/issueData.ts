/** The roster `npm run bench:issue` issues: learner i of n, and its issuer. */
export const BENCH_ISSUER = { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Example University' } as const;
export const BENCH_DID = 'did:web:credentials.example.edu';
export const BENCH_NOW = new Date('2025-06-30T00:00:00Z');
export function learnerOf(i: number): { id: string; name: string; email: string } {
  return { id: `S${String(i).padStart(7, '0')}`, name: `Learner Número ${i}`, email: `learner${i}@students.example.edu` };
}

/** The roster as CSV: a header and one row per learner. */
export function rosterCsv(n: number): string {
  const lines = ['id,name,email'];
  for (let i = 0; i < n; i++) {
    const { id, name, email } = learnerOf(i);
    lines.push(`${id},${name},${email}`);
  }
  return `${lines.join('\n')}\n`;
}
