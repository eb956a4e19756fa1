import { expect } from 'chai';

// The package's public surface, imported the way a dapp or verifier imports it (through the `exports`
// map, from the built `dist/`). A change here is a change to a public promise: update on purpose.
describe('package exports', () => {
  it('"microcred" exports the SDK surface, and only it', async () => {
    const sdk = await import('microcred');
    expect(Object.keys(sdk).sort()).to.deep.equal([
      'ANCHOR_PROOF_FORMAT', 'ANCHOR_PROOF_TYPE', 'BaseError', 'BatchBuilder', 'ChainError', 'ChainMismatchError',
      'ChainUnreachableError', 'CredentialStatus', 'CredentialTextError', 'CredentialValidationError',
      'DETERMINISTIC_DEPLOYER', 'DISCLOSABLE_ARRAYS', 'DISCLOSABLE_FIELDS', 'DisclosureError',
      'InvalidArgumentError', 'InvariantError', 'MAX_CREDENTIAL_TEXT_BYTES', 'MAX_INDEX', 'MAX_JSON_DEPTH',
      'MAX_PASSPORT_CREDENTIALS', 'OB_CONTEXT', 'PassportLimitError', 'Permission', 'REGISTRY_SALT',
      'RegistryNotFoundError', 'RegistryRevertedError', 'SALT_BYTES', 'StrictJsonError', 'UnknownRegistryError',
      'VC_CONTEXT', 'accreditIssuer', 'addAnchor', 'anchorBatch', 'assertCredentialTextSize', 'assertPassportSize',
      'buildBatch', 'buildCredential', 'buildMerkleTree', 'canonicalJson', 'checkIntegrity', 'commitmentForm',
      'connectEndpoints', 'connectRegistry', 'credentialDigest', 'credentialRegistryAbi', 'credentialsFromText',
      'deployRegistry', 'describeCredential', 'fieldCommitment', 'hideFieldKinds', 'iCredentialRegistryAbi',
      'identifyRegistryCode', 'installDeterministicDeployer', 'isDisclosablePath', 'isUnreachable', 'issuerAddress',
      'issuerDid', 'parseCaip2', 'parseStrictJson', 'processProof', 'readAccredited', 'readBatch',
      'readCredentialStates', 'readOperatorPermissions', 'redact', 'registryReleases', 'revokeBatch',
      'revokeCredentials', 'saltCredential', 'sendWrite', 'setIssuerProfile', 'setOperatorPermissions',
      'shownFields', 'standardLeaf', 'suspendCredentials', 'toCaip2', 'unsuspendCredentials',
      'validateAchievementTemplate', 'validateCredential', 'verifyCredential', 'verifyCredentials', 'verifyProof',
      'waitForWrite', 'withdrawAccreditation',
    ]);
  });

  it('"microcred/abi" exports the typed ABIs and bytecode for dapp developers', async () => {
    const abi = await import('microcred/abi');
    expect(Object.keys(abi).sort()).to.deep.equal([
      'CredentialStatus', 'Permission', 'REGISTRY_SALT', 'credentialRegistryAbi', 'credentialRegistryBytecode', 'iCredentialRegistryAbi',
      'registryReleases',
    ]);
    const names = abi.iCredentialRegistryAbi.filter((item) => item.type === 'function').map((item) => item.name);
    for (const required of ['anchor', 'anchorMany', 'revoke', 'revokeBatch', 'suspend', 'unsuspend', 'verify', 'isAccredited']) {
      expect(names).to.include(required);
    }
    expect(abi.credentialRegistryBytecode).to.match(/^0x[0-9a-f]+$/);
  });
});
