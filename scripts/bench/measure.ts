import type { ContractTransactionResponse } from 'ethers';
import hre from 'hardhat';
import type { CredentialRegistry } from '../../types/ethers-contracts/index.js';

/** One measured scenario of the registry. */
export interface GasFigure {
  /** Stable key in `gas-snapshot.json`. */
  id: string;
  scenario: string;
  /** Gas of the whole transaction, the 21,000 intrinsic included: receipt `gasUsed`, or `estimateGas` for `verify`. */
  gas: number;
  /** Credentials (or roots) the transaction handles; the target applies to `gas / units`. */
  units: number;
  /** Ceiling on `gas / units` set by issue 2 (`TARGETS`), if any. */
  target?: number;
  /** A published figure to compare with. */
  comparison?: string;
}

export interface GasSnapshot {
  note: string;
  compiler: string;
  chain: string;
  figures: Record<string, { gas: number; units: number; perUnit: number; target: number | null }>;
}

/** Issue 2's ceilings on gas per unit (whole transaction, 21,000 intrinsic included). */
export const TARGETS: Readonly<Record<string, number>> = {
  anchor: 47_000,
  revokeFreshWord: 50_000,
  revokeTouchedWord: 33_000,
  revoke256: 800,
  verifyDepth20: 52_000,
};

/** The committed snapshot: written by `npm run gas`, checked by `test/contracts/gasSnapshot.test.ts`. */
export const SNAPSHOT_FILE = 'gas-snapshot.json';

/** Largest drift from the committed snapshot that still passes review without a new snapshot. */
export const SNAPSHOT_TOLERANCE = 0.01;

/**
 * Targets of issue 2 that the registry does not meet, with why. Listed here so the miss is visible in review and in
 * the test output (as pending), rather than hidden by a loosened target. Remove an entry once the figure meets it.
 */
export const KNOWN_MISSES: Readonly<Record<string, string>> = {};

const PROOF_DEPTH = 20;

/**
 * Deploys a fresh `CredentialRegistry` on a new in-process chain and measures each scenario as its own transaction,
 * so every storage slot it touches starts cold, as on a live chain. Inputs are fixed (roots are hashes of labels,
 * accounts are Hardhat's defaults), so the figures are deterministic.
 */
export async function measureGas(): Promise<{ figures: GasFigure[]; compiler: string; chain: string }> {
  const connection = await hre.network.create();
  const { ethers } = connection;
  const [issuer] = await ethers.getSigners();
  if (issuer === undefined) throw new Error('no account to send from');
  const registry = (await ethers.deployContract('CredentialRegistry', [], issuer)) as unknown as CredentialRegistry;
  const me = issuer.address;

  const root = (label: string) => ethers.keccak256(ethers.toUtf8Bytes(`microcred gas ${label}`));
  const gasOf = async (sent: Promise<ContractTransactionResponse>) => {
    const receipt = await (await sent).wait();
    if (receipt === null || receipt.status !== 1) throw new Error('benchmark transaction failed');
    return Number(receipt.gasUsed);
  };
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => BigInt(from + i));
  const figures: GasFigure[] = [];
  const record = (figure: Omit<GasFigure, 'target'>) => figures.push({ ...figure, target: TARGETS[figure.id] });

  const main = root('main');
  record({
    id: 'anchor',
    scenario: 'anchor one root',
    gas: await gasOf(registry.anchor(me, main, 1024)),
    units: 1,
    comparison: 'OpenAttestation DocumentStore issue 47,886; EAS attest 206,926',
  });

  const many = Array.from({ length: 10 }, (_, i) => root(`many ${i}`));
  record({
    id: 'anchorMany10',
    scenario: 'anchorMany, 10 roots (per root)',
    gas: await gasOf(registry.anchorMany(me, many, many.map(() => 1024))),
    units: 10,
  });

  record({
    id: 'revokeFreshWord',
    scenario: 'revoke one credential, fresh bitmap word',
    gas: await gasOf(registry.revoke(me, main, [5n], 1)),
    units: 1,
    comparison: 'OpenAttestation DocumentStore revoke 47,980',
  });

  record({
    id: 'revokeTouchedWord',
    scenario: 'revoke one credential, word already touched',
    gas: await gasOf(registry.revoke(me, main, [6n], 1)),
    units: 1,
    comparison: 'OpenAttestation DocumentStore revoke 47,980',
  });

  record({
    id: 'revoke256',
    scenario: 'revoke 256 contiguous credentials (per credential)',
    gas: await gasOf(registry.revoke(me, main, range(256, 256), 1)),
    units: 256,
    comparison: 'OpenAttestation DocumentStore bulk 24,466 per document',
  });

  record({
    id: 'revokeBatch',
    scenario: 'revokeBatch (whole batch)',
    gas: await gasOf(registry.revokeBatch(me, many[0]!, 3)),
    units: 1,
  });

  record({
    id: 'suspend',
    scenario: 'suspend one credential, fresh bitmap word',
    gas: await gasOf(registry.suspend(me, main, [7n], 2)),
    units: 1,
  });

  record({
    id: 'unsuspend',
    scenario: 'unsuspend one credential',
    gas: await gasOf(registry.unsuspend(me, main, [7n])),
    units: 1,
  });

  const { proofRoot, index, digest, proof } = depthProof(ethers, PROOF_DEPTH);
  await gasOf(registry.anchor(me, proofRoot, 1 << PROOF_DEPTH));
  const status = await registry.verify(me, proofRoot, index, digest, proof);
  if (status !== 1n) throw new Error(`the depth-${PROOF_DEPTH} proof did not verify (status ${status})`);
  record({
    id: 'verifyDepth20',
    scenario: `verify, depth-${PROOF_DEPTH} proof (estimateGas)`,
    gas: Number(await registry.verify.estimateGas(me, proofRoot, index, digest, proof)),
    units: 1,
  });

  const solc = hre.config.solidity.profiles.default!.compilers[0]!;
  const settings = solc.settings as { optimizer?: { runs?: number }; evmVersion?: string; viaIR?: boolean };
  await connection.close();
  return {
    figures,
    compiler: `solc ${solc.version}${settings.viaIR ? ' via IR' : ''}, optimizer ${settings.optimizer?.runs} runs, evm ${settings.evmVersion}`,
    chain: `${connection.networkName} (${describeChain(connection.networkConfig)})`,
  };
}

/**
 * A valid proof of depth `depth`: OpenZeppelin's standard leaf, hashed up with `depth` siblings by sorted-pair
 * keccak, exactly as `StandardMerkleTree` builds and `MerkleProof` checks. Building the whole 2^20-leaf tree would
 * only fill in siblings the proof already fixes.
 */
function depthProof(ethers: Awaited<ReturnType<typeof hre.network.create>>['ethers'], depth: number) {
  const coder = ethers.AbiCoder.defaultAbiCoder();
  const index = (1n << BigInt(depth)) - 3n;
  const digest = ethers.keccak256(ethers.toUtf8Bytes('microcred gas digest'));
  const proof = Array.from({ length: depth }, (_, i) => ethers.keccak256(ethers.toUtf8Bytes(`microcred gas sibling ${i}`)));
  let node = ethers.keccak256(ethers.keccak256(coder.encode(['uint256', 'bytes32'], [index, digest])));
  for (const sibling of proof) {
    const [a, b] = BigInt(node) < BigInt(sibling) ? [node, sibling] : [sibling, node];
    node = ethers.keccak256(ethers.concat([a, b]));
  }
  return { proofRoot: node, index, digest, proof };
}

function describeChain(config: Awaited<ReturnType<typeof hre.network.create>>['networkConfig']): string {
  return config.type === 'edr-simulated' ? `edr-simulated, hardfork ${config.hardfork}` : config.type;
}

export function perUnit(figure: GasFigure): number {
  return Math.round(figure.gas / figure.units);
}

export function toSnapshot(measured: Awaited<ReturnType<typeof measureGas>>): GasSnapshot {
  return {
    note: 'Written by `npm run gas` (scripts/bench/gas.ts); checked by test/contracts/gasSnapshot.test.ts.',
    compiler: measured.compiler,
    chain: measured.chain,
    figures: Object.fromEntries(
      measured.figures.map((f) => [f.id, { gas: f.gas, units: f.units, perUnit: perUnit(f), target: f.target ?? null }]),
    ),
  };
}

/** The table `npm run gas` prints (Markdown, so it can go in the README as is). */
export function formatTable(figures: readonly GasFigure[]): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const verdict = (f: GasFigure) => {
    if (f.target === undefined) return '';
    const over = perUnit(f) - f.target;
    return over <= 0 ? `≤ ${fmt(f.target)} ✓` : `≤ ${fmt(f.target)} ✗ (+${fmt(over)})`;
  };
  const header = ['scenario', 'tx gas', 'per unit', 'target', 'for comparison'];
  const rows = figures.map((f) => [f.scenario, fmt(f.gas), fmt(perUnit(f)), verdict(f), f.comparison ?? '']);
  const numeric = new Set([1, 2]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
