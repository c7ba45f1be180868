// Progress of a sweep on stderr: a bar redrawn in place on a terminal (points done, rate, time left), plain lines
// at every tenth of the way (or every 10 s) when stderr is a file or a pipe, as batch engines log it.
export interface Progress {
  point(done: number): void;
  finish(): void;
}

export function progressOn(stream: NodeJS.WriteStream, total: number, label: string, now: () => number = () => performance.now(), unit = 'points'): Progress {
  const start = now();
  const tty = stream.isTTY === true;
  let lastLine = -Infinity;
  let lastTenth = -1;
  const text = (done: number) => {
    const secs = (now() - start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
    return `${done}/${total} ${unit} · ${rate.toFixed(rate < 10 ? 2 : 1)} ${unit}/s${left === null || done === total ? '' : ` · about ${left} s left`}`;
  };
  return {
    point(done) {
      if (tty) {
        const width = 24;
        const filled = Math.round((done / Math.max(1, total)) * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text(done)}\x1b[K`);
        return;
      }
      const tenth = Math.floor((done / Math.max(1, total)) * 10);
      if (tenth > lastTenth || now() - lastLine > 10_000 || done === total) {
        lastTenth = tenth;
        lastLine = now();
        stream.write(`${label}: ${text(done)}\n`);
      }
    },
    finish() {
      if (tty) stream.write('\n');
    },
  };
}
