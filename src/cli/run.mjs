// The CLI's entry point (bin/microcred): compiles TypeScript on the fly with tsx's loader registered in
// this same process, then runs main.ts. Not the `tsx` command: that one runs the program in a child
// process and relays signals to it, and on a busy machine its relay loses the race against a Ctrl-C sent
// to the whole process group (it waits 30 ms for the child to acknowledge, then signals it again and exits
// 130). One process means the command's own SIGINT handler alone decides how it stops.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
