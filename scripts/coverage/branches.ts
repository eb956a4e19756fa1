// Branch coverage of contracts/, which `hardhat test --coverage` cannot give: Hardhat 3.18's coverage is EDR's
// statement instrumentation (`addStatementCoverageInstrumentation`; its only metadata kind is "statement") and
// its lcov writer leaves the branch records out ("EDR does not provide branch coverage information").
//
// So we turn branches into statements. In a throwaway copy of the project, the condition `c` of every
// decision in contracts/**/*.sol becomes `((c) ? __bm_T() : __bm_F())`, where `__bm_T`/`__bm_F` are free
// functions appended to the file, `{ return true; }` and `{ return false; }`. The value of `c`, its side
// effects and its short-circuiting are unchanged, and each marker's body is one statement that EDR
// instruments: "the statement of __bm_T ran" means "c was true there". Then `hardhat test --coverage` runs
// the tests on that copy; we read the hit statement tags it saves (coverage/data/) and the instrumented
// sources it compiled (artifacts/build-info/), which give each marker's tag. The real tree is never touched.
//
// A decision (2 branches each), as in solidity-coverage / istanbul:
//   if (c)            true / false (the implicit empty else counts)
//   c ? x : y         true / false
//   require(c, ..)    passes / reverts (also assert)
//   a && b, a || b    right side evaluated / skipped (short-circuit), i.e. the outcome of `a`
// Not counted: loop conditions (neither tool counts them either), try/catch and inline assembly (contracts/ has
// neither).
//
// Usage: npm run coverage:branches [-- test files]   (default: test/contracts/*.test.ts and *.t.sol)
// Other suites deploy the bytecode shipped in src/abi/generated.ts, not the compiled contracts, so they can
// add no coverage; running them would only cost minutes. CI is unset for the run so the Solidity fuzz tests
// always do the same 256 runs with Hardhat's fixed default seed: the figure is reproducible anywhere.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const solc = require('solc') as { compile(input: string): string };
/** A marker as EDR instruments it: `function __bm_7() pure returns (bool) {__NomicFoundation...sendHit(0x<tag>);` */
const MARKER_HIT = /function __bm_(\d+)\(\) pure returns \(bool\) \{__NomicFoundationCoverage\.sendHit\(0x([0-9a-f]+)\)/g;

interface AstNode {
  nodeType: string;
  src: string;
  [key: string]: unknown;
}
interface Decision {
  file: string;
  line: number;
  text: string;
  arms: [string, string]; // labels of the true and false outcome of the condition
  start: number; // byte range of the condition in the original source
  end: number;
  ids: [number, number]; // marker ids of the true and false outcome
}

const listDir = (dir: string, re: RegExp): string[] =>
  readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => re.test(f))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
    .sort();

/** Decisions of one source, found on solc's parse tree (`stopAfter: parsing`: no imports needed). */
function findDecisions(file: string, source: Buffer, nextId: () => number): Decision[] {
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { [file]: { content: source.toString('utf8') } },
        settings: { stopAfter: 'parsing', outputSelection: { '*': { '': ['ast'] } } },
      }),
    ),
  ) as { errors?: { severity: string; formattedMessage: string }[]; sources: Record<string, { ast: AstNode }> };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));

  const decisions: Decision[] = [];
  const add = (cond: AstNode, arms: [string, string]) => {
    const [start, length] = cond.src.split(':').map(Number) as [number, number];
    const text = source.subarray(start, start + length).toString('utf8').replace(/\s+/g, ' ');
    const line = source.subarray(0, start).toString('utf8').split('\n').length;
    decisions.push({ file, line, text, arms, start, end: start + length, ids: [nextId(), nextId()] });
  };
  const walk = (node: unknown, inBody: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inBody));
    if (node === null || typeof node !== 'object') return;
    const n = node as AstNode;
    // Only code in function and modifier bodies: a marker call would not be allowed in a constant's value.
    if (n.nodeType === 'FunctionDefinition' || n.nodeType === 'ModifierDefinition') {
      return walk(n.body, true);
    }
    if (inBody) {
      if (n.nodeType === 'IfStatement') add(n.condition as AstNode, ['true', 'false']);
      if (n.nodeType === 'Conditional') add(n.condition as AstNode, ['? true', ': false']);
      const callee = n.expression as AstNode & { name?: string };
      if (n.nodeType === 'FunctionCall' && callee.nodeType === 'Identifier'
        && (callee.name === 'require' || callee.name === 'assert')) {
        add((n.arguments as AstNode[])[0]!, [`${callee.name} passes`, `${callee.name} fails`]);
      }
      if (n.nodeType === 'BinaryOperation' && (n.operator === '&&' || n.operator === '||')) {
        const [right, skip] = ['right side evaluated', 'right side skipped'];
        const arms: [string, string] = n.operator === '&&' ? [`&& ${right}`, `&& ${skip}`] : [`|| ${skip}`, `|| ${right}`];
        add(n.leftExpression as AstNode, arms);
      }
    }
    for (const value of Object.values(n)) walk(value, inBody);
  };
  walk(out.sources[file]!.ast, false);
  return decisions;
}

/** The source with each decision's condition wrapped in its two markers, and the markers appended. */
function instrument(source: Buffer, decisions: Decision[]): string {
  // Opening and closing texts, spliced from the end so earlier offsets stay valid. Nested conditions can
  // start or end at the same offset: there the outer one opens first and the inner one closes first.
  const edits = decisions.flatMap((d) => [
    { pos: d.start, open: 1, key: -d.end, text: '((' },
    { pos: d.end, open: 0, key: -d.start, text: `) ? __bm_${d.ids[0]}() : __bm_${d.ids[1]}())` },
  ]);
  edits.sort((a, b) => a.pos - b.pos || a.open - b.open || a.key - b.key);
  let out = source;
  for (const e of edits.reverse()) {
    out = Buffer.concat([out.subarray(0, e.pos), Buffer.from(e.text), out.subarray(e.pos)]);
  }
  const markers = decisions.flatMap((d) => [
    `function __bm_${d.ids[0]}() pure returns (bool) { return true; }`,
    `function __bm_${d.ids[1]}() pure returns (bool) { return false; }`,
  ]);
  return `${out.toString('utf8')}\n// Branch markers (scripts/coverage/branches.ts)\n${markers.join('\n')}\n`;
}

function main(): void {
  const testFiles = process.argv.slice(2);
  if (testFiles.length === 0) testFiles.push(...listDir('test/contracts', /^[^/]+\.(test\.ts|t\.sol)$/));

  // 1. The throwaway copy: the working tree's tracked and unignored files, and the same node_modules.
  const copy = mkdtempSync(path.join(os.tmpdir(), 'microcred-branches-'));
  try {
    const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: REPO_ROOT, encoding: 'utf8',
    });
    if (git.status !== 0) throw new Error(`git ls-files failed: ${git.stderr}`);
    // (A node_modules symlink, as in a worktree, is not matched by the `node_modules/` ignore rule.)
    for (const f of git.stdout.split('\0').filter((f) => f !== '' && f !== 'node_modules')) {
      mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      try {
        cpSync(path.join(REPO_ROOT, f), path.join(copy, f));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted but not yet committed
      }
    }
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));

    // 2. Instrument the copy's contracts.
    let id = 0;
    const decisions: Decision[] = [];
    // contracts/mocks holds attackers' test doubles, not shipped code: their branches are not the registry's.
    const files = listDir('contracts', /\.sol$/).filter((file) => !file.startsWith('contracts/mocks/'));
    for (const file of files) {
      const source = readFileSync(path.join(REPO_ROOT, file));
      const found = findDecisions(file, source, () => id++);
      decisions.push(...found);
      if (found.length > 0) writeFileSync(path.join(copy, file), instrument(source, found));
    }

    // 3. The tests, with Hardhat's own coverage.
    const env = { ...process.env };
    delete env.CI;
    console.log(`Running hardhat test --coverage on an instrumented copy (${copy}): ${testFiles.join(' ')}`);
    const run = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules/hardhat/dist/src/cli.js'), 'test', '--coverage', ...testFiles],
      { cwd: copy, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    // Hardhat's own table would be of the rewritten sources: show only the test counts, or all on failure.
    if (run.status !== 0) {
      console.error(run.stdout, run.stderr);
      throw new Error(`hardhat test failed (exit ${run.status}): no branch figure`);
    }
    console.log(run.stdout.split('\n').filter((l) => /^\s*\d+ (passing|failing|pending)/.test(l)).join('\n'));

    // 4. Hits: marker tags from the instrumented sources, hit tags from the saved coverage data.
    const tagOf = new Map<number, string>();
    const buildInfo = path.join(copy, 'artifacts/build-info');
    for (const f of readdirSync(buildInfo).filter((f) => f.endsWith('.json') && !f.endsWith('.output.json'))) {
      const { input } = JSON.parse(readFileSync(path.join(buildInfo, f), 'utf8')) as {
        input: { sources: Record<string, { content: string }> };
      };
      for (const { content } of Object.values(input.sources)) {
        for (const [, n, tag] of content.matchAll(MARKER_HIT)) tagOf.set(Number(n), tag!.padStart(64, '0'));
      }
    }
    const hits = new Set<string>();
    const dataDir = path.join(copy, 'coverage/data');
    for (const runner of readdirSync(dataDir)) {
      for (const f of readdirSync(path.join(dataDir, runner))) {
        const data = JSON.parse(readFileSync(path.join(dataDir, runner, f), 'utf8')) as Record<string, number>;
        for (const tag of Object.keys(data)) hits.add(tag);
      }
    }
    const hit = (markerId: number): boolean => {
      const tag = tagOf.get(markerId);
      if (tag === undefined) throw new Error(`marker __bm_${markerId} was not instrumented by EDR`);
      return hits.has(tag);
    };

    // 5. Report.
    const rows: string[][] = [['File', 'Branches hit', '%']];
    const missed: string[] = [];
    let [totalHit, total] = [0, 0];
    for (const file of files) {
      const mine = decisions.filter((d) => d.file === file).sort((a, b) => a.start - b.start);
      let fileHit = 0;
      for (const d of mine) {
        d.ids.forEach((markerId, arm) => {
          if (hit(markerId)) fileHit++;
          else missed.push(`${file}:${d.line}  ${d.arms[arm]}  \`${d.text.slice(0, 70)}\``);
        });
      }
      totalHit += fileHit;
      total += 2 * mine.length;
      const pct = mine.length === 0 ? '-' : ((100 * fileHit) / (2 * mine.length)).toFixed(2);
      rows.push([file, `${fileHit}/${2 * mine.length}`, pct]);
    }
    rows.push(['Total', `${totalHit}/${total}`, total === 0 ? '-' : ((100 * totalHit) / total).toFixed(2)]);
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    console.log('\nBranch coverage of contracts/');
    for (const r of rows) {
      console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
    }
    console.log(missed.length === 0 ? '\nNo missed branches.' : `\nMissed branches:\n  ${missed.join('\n  ')}`);
  } finally {
    if (!process.env.KEEP_BRANCHES_COPY) rmSync(copy, { recursive: true, force: true });
  }
}

main();
