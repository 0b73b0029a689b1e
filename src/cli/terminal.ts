/** Progress bars and spinners on a terminal (stderr), silent when piped or with --json. */
export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
}

export function progressBar(total: number, enabled: boolean): Progress {
  const width = 24;
  return {
    update(done, label = "") {
      if (!enabled) return;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      process.stderr.write(
        `\r\x1b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${label}`,
      );
    },
    stop() {
      if (enabled) process.stderr.write("\r\x1b[2K");
    },
  };
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function spinner(text: string, enabled: boolean): { stop(): void } {
  if (!enabled) return { stop() {} };
  let i = 0;
  const timer = setInterval(
    () => process.stderr.write(`\r\x1b[2K${FRAMES[i++ % FRAMES.length]} ${text}`),
    80,
  );
  return {
    stop() {
      clearInterval(timer);
      process.stderr.write("\r\x1b[2K");
    },
  };
}

export const interactive = (json: boolean | undefined) => Boolean(process.stderr.isTTY) && !json;
