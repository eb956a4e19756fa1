export { HOLDER_KEY_FORMAT, HolderKeyError, type HolderKeyFile, createHolderKeyFile, loadHolderKeyFile, readHolderDid } from './key.js';
