import { StrictJsonError } from './errors.js';
import { MAX_JSON_DEPTH } from './limits.js';

export interface ParseStrictJsonOptions {
  /** Deepest nesting accepted (default `MAX_JSON_DEPTH`): `{"a":[1]}` nests 2 levels. */
  maxDepth?: number;
  /**
   * Most entries a top-level array may hold (default: no bound). Checked while scanning, so text with
   * more is refused after reading only that many, not all of them.
   */
  maxTopLevelEntries?: number;
}

/**
 * `JSON.parse` for text from people who may be hostile: the same value, but text that readers could
 * disagree on or that would drive later steps into deep recursion is refused with a `StrictJsonError`
 * saying where (path and line):
 * - a key given twice in one object (`JSON.parse` keeps the last value; many viewers show the first);
 * - nesting deeper than `maxDepth`;
 * - a top-level array longer than `maxTopLevelEntries`.
 * One linear scan with an explicit stack checks these, then the native `JSON.parse` builds the value
 * (measured faster than building it here); neither recurses, so no input can overflow the call stack.
 *
 * @throws StrictJsonError
 * @example
 * parseStrictJson('{"name":"Ada","name":"Eve"}') // throws: duplicate key "name" at name (line 1)
 */
export function parseStrictJson(text: string, options: ParseStrictJsonOptions = {}): unknown {
  scan(text, options.maxDepth ?? MAX_JSON_DEPTH, options.maxTopLevelEntries ?? Number.POSITIVE_INFINITY);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StrictJsonError('syntax', `not valid JSON (${(error as Error).message})`);
  }
}

interface ObjectFrame {
  kind: 'object';
  keys: Set<string>;
  /** The key whose value is being read, or the last one read. */
  key: string | undefined;
  /** The next string is a key (just after `{` or `,`), not a value. */
  expectingKey: boolean;
}

interface ArrayFrame {
  kind: 'array';
  /** Position of the entry being read. */
  index: number;
  /** Whether any entry has started (so `[]` holds none and `[1]` one). */
  started: boolean;
}

type Frame = ObjectFrame | ArrayFrame;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LINE_FEED = 0x0a;

/**
 * Walks the text's structure only: strings (to find keys), brackets, commas and line breaks. Anything
 * else passes unexamined; malformed text stops the scan and is left to `JSON.parse` to describe.
 */
function scan(text: string, maxDepth: number, maxTopLevelEntries: number): void {
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  const length = text.length;
  // A value starts in the innermost array: count it, and refuse a top-level array past its bound.
  const startValue = () => {
    const top = stack[stack.length - 1];
    if (top?.kind !== 'array' || top.started) return;
    top.started = true;
    if (stack.length === 1 && top.index + 1 > maxTopLevelEntries) {
      throw new StrictJsonError('too-many-entries', `more than ${maxTopLevelEntries} entries in the top-level array (line ${line})`, { path: '', line });
    }
  };

  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i + 1);
      if (end === -1) return;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectingKey) {
        const key = decodeKey(text, i, end);
        if (key === undefined) return;
        if (top.keys.has(key)) {
          const path = pathOf(stack, key);
          throw new StrictJsonError('duplicate-key', `duplicate key ${JSON.stringify(key)} at ${path} (line ${line}): readers disagree on which value counts`, { path, line });
        }
        top.keys.add(key);
        top.key = key;
        top.expectingKey = false;
      } else startValue();
      i = end + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      startValue();
      if (stack.length + 1 > maxDepth) {
        const path = pathOf(stack);
        throw new StrictJsonError('too-deep', `nested deeper than ${maxDepth} levels at ${path || '(top level)'} (line ${line})`, { path, line });
      }
      stack.push(c === 0x7b ? { kind: 'object', keys: new Set(), key: undefined, expectingKey: true } : { kind: 'array', index: 0, started: false });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectingKey = true;
      else if (top?.kind === 'array') {
        top.index++;
        top.started = false;
      }
    } else if (c === LINE_FEED) {
      line++;
    } else if (c !== 0x3a /* : */ && c !== 0x20 && c !== 0x09 && c !== 0x0d) {
      startValue(); // a number, true, false or null
    }
    i++;
  }
}

/** Index of the quote closing a string whose body starts at `from`, or -1 if it never closes. */
function closingQuote(text: string, from: number): number {
  for (let at = text.indexOf('"', from); at !== -1; at = text.indexOf('"', at + 1)) {
    // Escaped if an odd number of backslashes precede it. Each run of backslashes is counted by the one
    // quote right after it, so the whole scan stays linear.
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/** The key a string token spells (`"\u0061"` and `"a"` are the same key), or undefined if malformed. */
function decodeKey(text: string, open: number, close: number): string | undefined {
  const raw = text.slice(open + 1, close);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(open, close + 1)) as string;
  } catch {
    return undefined;
  }
}

/** `credentialSubject.name`, `[3].issuer.id`: where the scan is; `key` replaces the innermost object's current key. */
function pathOf(stack: readonly Frame[], key?: string): string {
  let path = '';
  const append = (name: string) => {
    path += /^[A-Za-z_$@][\w$@-]*$/.test(name) ? `${path ? '.' : ''}${name}` : `[${JSON.stringify(name)}]`;
  };
  for (const [depth, frame] of stack.entries()) {
    if (frame.kind === 'array') path += `[${frame.index}]`;
    // A duplicate is reported at the key given twice, not at the key read before it.
    else if (depth === stack.length - 1 && key !== undefined) append(key);
    else if (frame.key !== undefined) append(frame.key);
  }
  return path;
}
