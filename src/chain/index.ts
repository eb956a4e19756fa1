/** Chain client (viem): registry reads and writes, batched status reads, errors a verifier can tell apart. */
export { type Caip2ChainId, parseCaip2, toCaip2 } from './caip.js';
export { type ConnectRegistryParameters, type Registry, connectRegistry, identifyRegistryCode } from './connect.js';
export { type DeployedRegistry, deployRegistry, installDeterministicDeployer } from './deploy.js';
export { DETERMINISTIC_DEPLOYER } from './deterministicDeployer.js';
export { type ConnectEndpointsOptions, type Endpoints, connectEndpoints } from './endpoints.js';
export {
  ChainError,
  ChainMismatchError,
  ChainUnreachableError,
  EndpointChainChangedError,
  RegistryNotFoundError,
  RegistryRevertedError,
  RpcEndpointError,
  type RpcEndpointErrorParameters,
  type RpcFailure,
  UnknownRegistryError,
  endpointLabel,
  isUnreachable,
} from './errors.js';
export { DEFAULT_RPC_RETRY_POLICY, type RpcRetryPolicy, rpcTransport } from './transport.js';
export { type StatusEvent, type StatusEventKind, findStatusEvents } from './statusEvents.js';
export {
  type BatchRecord,
  type CredentialRef,
  type CredentialState,
  readAccredited,
  readBatch,
  readCredentialStates,
  readIssuerProfile,
  readOperatorPermissions,
} from './reads.js';
export {
  type RegistryWriter,
  type WriteArgs,
  type WriteName,
  type WriteReceipt,
  accreditIssuer,
  anchorBatch,
  revokeBatch,
  revokeCredentials,
  sendWrite,
  setIssuerProfile,
  setOperatorPermissions,
  suspendCredentials,
  unsuspendCredentials,
  waitForWrite,
  withdrawAccreditation,
} from './writes.js';
