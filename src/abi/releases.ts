// Appended to by scripts/abi/generate.ts (`npm run abi`) when the compiled registry changes. Append-only:
// never edit or remove an entry. A verifier accepts a registry only if its runtime code hash is listed here.
import type { Address, Hex } from 'viem';

/** One released `CredentialRegistry`: its code, and the one address it has on every chain. */
export interface RegistryRelease {
  version: number;
  /** Where the deterministic deployment proxy puts it with `REGISTRY_SALT`: the same on every EVM chain. */
  address: Address;
  /** keccak256 of its runtime code: what a verifier compares the code at an anchor's registry with. */
  runtimeCodeHash: Hex;
  /** keccak256 of its creation code (with `REGISTRY_SALT`, this fixes `address`). */
  initCodeHash: Hex;
}

/** The CREATE2 salt every release is deployed with: keccak256("microcred.CredentialRegistry"). */
export const REGISTRY_SALT: Hex = '0x8a4160b11abfb337bb6f76f9e7128a2cea41eb82cc7950bd1e175e24eddf4f4a';

export const registryReleases: readonly RegistryRelease[] = [
  {
    version: 1,
    address: '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12',
    runtimeCodeHash: '0x47df4e1623bea010c14ceba2070b6ce8741ff61f578a222cc3448428947d5deb',
    initCodeHash: '0x88de1e5af270d5b368788ab7575c9ac12a69aa63cc4031505647a450acce99dd',
  },
];
