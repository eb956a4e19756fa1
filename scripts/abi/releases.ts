// The list of released CredentialRegistry versions (src/abi/releases.ts): read it, and append the compiled
// registry when its runtime code is not the newest entry's. Entries are never changed or removed: credentials
// anchored on any released registry must keep verifying.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Address, type Hex, getContractAddress, keccak256 } from 'viem';
import { DETERMINISTIC_DEPLOYER } from '../../src/chain/deterministicDeployer.js';
import { REGISTRY_SALT, type RegistryRelease, registryReleases } from '../../src/abi/releases.js';

export const RELEASES_FILE = 'src/abi/releases.ts';

/** The compiled registry as a release entry (its version is the next one). */
export async function compiledRelease(root: string, version: number): Promise<RegistryRelease> {
  const file = path.join(root, 'artifacts/contracts/CredentialRegistry.sol/CredentialRegistry.json');
  const artifact = JSON.parse(await readFile(file, 'utf8')) as { bytecode: Hex; deployedBytecode: Hex };
  return {
    version,
    address: getContractAddress({ opcode: 'CREATE2', from: DETERMINISTIC_DEPLOYER, salt: REGISTRY_SALT, bytecode: artifact.bytecode }) as Address,
    runtimeCodeHash: keccak256(artifact.deployedBytecode),
    initCodeHash: keccak256(artifact.bytecode),
  };
}

/** The release list with the compiled registry appended if it is new; unchanged if it is the newest entry. */
export async function releasesWithCompiled(root: string): Promise<readonly RegistryRelease[]> {
  const newest = registryReleases.at(-1);
  const compiled = await compiledRelease(root, (newest?.version ?? 0) + 1);
  if (newest?.runtimeCodeHash === compiled.runtimeCodeHash) return registryReleases;
  if (registryReleases.some((release) => release.runtimeCodeHash === compiled.runtimeCodeHash)) {
    throw new Error(`The compiled registry is release ${registryReleases.find((r) => r.runtimeCodeHash === compiled.runtimeCodeHash)!.version}, not the newest: revert the contract change or change it further.`);
  }
  return [...registryReleases, compiled];
}

/** The module's text for `releases`. */
export function renderReleases(releases: readonly RegistryRelease[]): string {
  const entries = releases.map(
    (r) => `  {\n    version: ${r.version},\n    address: '${r.address}',\n    runtimeCodeHash: '${r.runtimeCodeHash}',\n    initCodeHash: '${r.initCodeHash}',\n  },`,
  );
  return `${HEADER}export const registryReleases: readonly RegistryRelease[] = [\n${entries.join('\n')}\n];\n`;
}

const HEADER = `// Appended to by scripts/abi/generate.ts (\`npm run abi\`) when the compiled registry changes. Append-only:
// never edit or remove an entry. A verifier accepts a registry only if its runtime code hash is listed here.
import type { Address, Hex } from 'viem';

/** One released \`CredentialRegistry\`: its code, and the one address it has on every chain. */
export interface RegistryRelease {
  version: number;
  /** Where the deterministic deployment proxy puts it with \`REGISTRY_SALT\`: the same on every EVM chain. */
  address: Address;
  /** keccak256 of its runtime code: what a verifier compares the code at an anchor's registry with. */
  runtimeCodeHash: Hex;
  /** keccak256 of its creation code (with \`REGISTRY_SALT\`, this fixes \`address\`). */
  initCodeHash: Hex;
}

/** The CREATE2 salt every release is deployed with: keccak256("microcred.CredentialRegistry"). */
export const REGISTRY_SALT: Hex = '0x8a4160b11abfb337bb6f76f9e7128a2cea41eb82cc7950bd1e175e24eddf4f4a';

`;
