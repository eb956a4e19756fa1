import { readFileSync } from 'node:fs';
import { expect } from 'chai';

// The package's public surface, imported the way a dapp or verifier imports it (through the `exports`
// map, from the built `dist/`). A change here is a change to a public promise: update on purpose.
describe('package exports', () => {
  it('"microcred" exports the SDK surface, and only it', async () => {
    const sdk = await import('microcred');
    expect(Object.keys(sdk).sort()).to.deep.equal([
      'ANCHOR_PROOF_FORMAT', 'ANCHOR_PROOF_FORMATS', 'ANCHOR_PROOF_FORMAT_V1', 'ANCHOR_PROOF_TYPE',
      'BatchBuilder', 'COMPONENT_EVIDENCE_TYPE', 'CRYPTOSUITE', 'ChainError', 'ChainMismatchError',
      'ChainUnreachableError', 'CredentialStatus', 'CredentialTextError', 'CredentialValidationError',
      'DEFAULT_DID_TIMEOUT_MS', 'DEFAULT_RPC_RETRY_POLICY', 'DETERMINISTIC_DEPLOYER', 'DISCLOSABLE_ARRAYS', 'DISCLOSABLE_FIELDS',
      'DidResolutionError', 'DisclosureError', 'DocumentLoaderError', 'ETHEREUM_ACCOUNT_CONTEXT',
      'ETHEREUM_ACCOUNT_TYPE', 'EndpointChainChangedError', 'InvalidArgumentError', 'InvariantError', 'MAX_CREDENTIAL_TEXT_BYTES',
      'MAX_DID_DOCUMENT_BYTES', 'MAX_INDEX', 'MAX_JSON_DEPTH', 'MAX_PASSPORT_CREDENTIALS', 'MICROCRED_CONTEXT_V2',
      'MICROCRED_CONTEXT_V2_COMPONENTS', 'MIN_POOLED_CREDENTIALS', 'MicrocredError', 'OB_CONTEXT', 'OFFLINE_CONTEXTS',
      'OfflineWorkerError', 'OfflineWorkerPool', 'PATHWAY_TYPE', 'PATHWAY_VERSION',
      'PRESENTATION_CONTEXT', 'PassportLimitError', 'PathwayValidationError', 'Permission',
      'PresentationCredentialError', 'REGISTRY_SALT', 'REGISTRY_STATUS_TYPE', 'RegistryNotFoundError',
      'RegistryRevertedError', 'RpcEndpointError', 'SALT_BYTES', 'SIGNING_KEY_FRAGMENT', 'StrictJsonError', 'UnknownRegistryError',
      'VC_CONTEXT', 'accreditIssuer', 'addAnchor', 'anchorBatch', 'anchorProofOf', 'anchoringAccounts',
      'assertCredentialTextSize', 'assertPassportSize', 'assertionKeys', 'buildBatch', 'buildCredential',
      'buildIssuerDidDocument', 'buildMerkleTree', 'buildPresentation', 'canonicalJson', 'checkComponents',
      'checkIntegrity', 'commitmentForm', 'componentEvidence', 'componentEvidenceOf', 'connectEndpoints',
      'connectRegistry', 'contextV2', 'contextV2WithComponents', 'createDocumentLoader', 'credentialDigest',
      'credentialFormat', 'credentialRegistryAbi', 'credentialsFromText', 'deployRegistry', 'describeCredential',
      'didDocumentHash', 'didPkhAddress', 'didWeb', 'didWebDocumentUrl', 'domainOf', 'endpointLabel', 'evaluatePathway',
      'fieldCommitment', 'findStatusEvents', 'generateHolderKey', 'generateIssuerKey', 'hideFieldKinds',
      'holderCheck', 'holderSigner', 'iCredentialRegistryAbi', 'identifyRegistryCode',
      'installDeterministicDeployer', 'isDisclosablePath', 'isPresentation', 'isUnreachable', 'issuerAddress',
      'issuerDid', 'issuerSigner', 'judgePassport', 'parseCaip2', 'parseStrictJson', 'passportTextError', 'presentationCredentials',
      'presentationHolder', 'processProof', 'readAccredited', 'readBatch', 'readCredentialStates',
      'readIssuerProfile', 'readOperatorPermissions', 'redact', 'registryReleases', 'registryStatusEntry',
      'resolveDid', 'revokeBatch', 'revokeCredentials', 'rpcTransport', 'saltCredential', 'sameLearner', 'sendWrite',
      'serveOfflineChecks', 'setIssuerProfile', 'setOperatorPermissions', 'shownFields', 'signCredential', 'signCredentials',
      'signPresentation', 'signatureProofsOf', 'splitCredentialList', 'standardLeaf', 'statusChangeMessage', 'statusReasonCodes',
      'statusReasonInWords', 'summarisePassport', 'suspendCredentials', 'textCredential', 'toCaip2', 'trustedAccreditors',
      'trustedIssuers', 'unsignedHolder', 'unsuspendCredentials', 'validateAchievementTemplate',
      'validateCredential', 'validatePathway', 'verifyCredential', 'verifyCredentialSignature',
      'verifyCredentialSignatures', 'verifyCredentials', 'verifyPassport', 'verifyPathway',
      'verifyPresentationSignature', 'verifyProof', 'verifySourcedCredentials', 'waitForWrite', 'webWorkerChannel', 'withAnchorProof', 'withComponentEvidence',
      'withdrawAccreditation',
    ]);
  });

  it('"microcred/workers" starts worker threads from the compiled package that check credential texts', async () => {
    const workers = await import('microcred/workers');
    expect(Object.keys(workers).sort()).to.deep.equal(['MIN_POOLED_CREDENTIALS', 'OfflineWorkerError', 'OfflineWorkerPool', 'nodeWorkerChannel', 'startNodeWorkerPool']);
    const pool = workers.startNodeWorkerPool({ minCredentials: 1 });
    try {
      await pool.whenReady();
      const credential = readFileSync(new URL('../fixtures/v2/credential-0.json', import.meta.url), 'utf8');
      const stage = await pool.check([{ text: credential }, { text: '{"id":"urn:x"}' }]);
      expect(stage.results.map((result) => (result.ok ? 'ok' : result.status))).to.deep.equal(['ok', 'malformed']);
      expect(pool.checked).to.deep.equal({ workers: 2, here: 0 });
      stage.release();
    } finally {
      pool.close();
    }
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
